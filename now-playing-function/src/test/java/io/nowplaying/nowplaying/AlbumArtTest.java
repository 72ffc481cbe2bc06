package io.nowplaying.nowplaying;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nowplaying.core.config.ConfigException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlbumArtTest {
    private final AlbumArt art = new AlbumArt(AlbumArt.DEFAULT_URL_PREFIX, Duration.ofMillis(1500));

    @Test
    void onlyUrlsUnderTheConfiguredPrefixAreFetched() {
        assertTrue(art.allowed("https://i.scdn.co/image/ab67616d00001e02"));
        assertTrue(art.allowed("https://I.SCDN.CO:443/image/x"));
        assertFalse(art.allowed("http://i.scdn.co/image/x"), "not https");
        assertFalse(art.allowed("https://i.scdn.co.evil.example/image/x"));
        assertFalse(art.allowed("https://evil.example/https://i.scdn.co/image/x"));
        assertFalse(art.allowed("https://user@i.scdn.co/image/x"));
        assertFalse(art.allowed("https://i.scdn.co:8443/image/x"));
        assertFalse(art.allowed("//i.scdn.co/image/x"));
        assertFalse(art.allowed("not a url"));
    }

    @Test
    void aPathPrefixIsHonoured() {
        AlbumArt images = new AlbumArt("http://127.0.0.1:8080/images", Duration.ofMillis(100));
        assertTrue(images.allowed("http://127.0.0.1:8080/images/a.jpg"));
        assertFalse(images.allowed("http://127.0.0.1:8080/imagesX/a.jpg"));
        assertFalse(images.allowed("http://127.0.0.1:8080/images/../v1/me"));
        assertEquals(
                Optional.empty(),
                images.dataUri("https://i.scdn.co/image/x"),
                "not under the prefix: no request at all");
    }

    @Test
    void prefixMustBeHttpsOrLoopback() {
        assertThrows(ConfigException.class, () -> new AlbumArt("http://images.example/", Duration.ofMillis(100)));
        assertThrows(ConfigException.class, () -> new AlbumArt("ftp://127.0.0.1/", Duration.ofMillis(100)));
    }
}
