package livechat.api.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * An RFC 3161 time-stamp authority the operator named: it is sent the SHA-256 of a checkpoint's signed bytes and
 * answers a signed time-stamp token, kept beside the checkpoint as evidence, from outside this system, that the
 * checkpoint existed at that time. Only the reply's status is read here; {@code openssl ts -verify} checks a token
 * against the authority's certificate (docs/read-models.md).
 */
interface TimestampAuthority {

    /** The authority's reply (a DER TimeStampResp) for {@code sha256}; fails unless it granted a token. */
    byte[] stamp(byte[] sha256) throws IOException;

    /** None when no URL is configured. */
    static Optional<TimestampAuthority> of(URI url, Duration timeout) {
        if (url == null || url.toString().isBlank()) {
            return Optional.empty();
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        SecureRandom random = new SecureRandom();
        return Optional.of(sha256 -> {
            byte[] nonce = new byte[8];
            random.nextBytes(nonce);
            nonce[0] &= 0x7f;
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request(sha256, nonce))).build();
            HttpResponse<byte[]> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the time-stamp authority", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("the time-stamp authority answered HTTP " + response.statusCode());
            }
            int status = status(response.body());
            if (status != 0 && status != 1) {
                throw new IOException("the time-stamp authority refused the request (PKIStatus " + status + ")");
            }
            return response.body();
        });
    }

    /** A DER TimeStampReq: version 1, a SHA-256 message imprint, a nonce, and a request for the TSA's certificate. */
    static byte[] request(byte[] sha256, byte[] nonce) {
        byte[] algorithm = der(0x30, concat(new byte[]{0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
                0x02, 0x01}, new byte[]{0x05, 0x00}));
        byte[] imprint = der(0x30, concat(algorithm, der(0x04, sha256)));
        return der(0x30, concat(new byte[]{0x02, 0x01, 0x01}, imprint, der(0x02, nonce),
                new byte[]{0x01, 0x01, (byte) 0xff}));
    }

    /** The PKIStatus of a DER TimeStampResp: SEQUENCE { SEQUENCE { INTEGER status, ... }, ... }. */
    static int status(byte[] response) throws IOException {
        try {
            int at = contentOf(response, 0, 0x30);
            at = contentOf(response, at, 0x30);
            if (response[at] != 0x02 || response[at + 1] != 0x01) {
                throw new IOException("the time-stamp authority's reply has no status");
            }
            return response[at + 2];
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IOException("the time-stamp authority's reply is not a TimeStampResp", e);
        }
    }

    private static int contentOf(byte[] der, int at, int tag) throws IOException {
        if ((der[at] & 0xff) != tag) {
            throw new IOException("the time-stamp authority's reply is not a TimeStampResp");
        }
        int length = der[at + 1] & 0xff;
        return length < 0x80 ? at + 2 : at + 2 + (length & 0x7f);
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >> 8);
            out.write(content.length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }
}
