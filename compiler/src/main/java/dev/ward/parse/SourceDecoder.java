package dev.ward.parse;

import dev.ward.diag.Codes;
import dev.ward.diag.Diagnostics;
import dev.ward.diag.Span;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Turns a file's bytes into text: strict UTF-8, with a located error at the first invalid byte. */
public final class SourceDecoder {
    private SourceDecoder() {}

    /** The decoded text (a leading byte order mark removed), or empty after reporting an error. */
    public static Optional<String> decode(String file, byte[] bytes, Diagnostics d) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            out.flip();
            String before = out.toString();
            int line = 1;
            int col = 1;
            for (int i = 0; i < before.length(); ) {
                int cp = before.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            d.error(Codes.INVALID_UTF8, Span.at(file, line, col),
                    String.format("invalid UTF-8: byte 0x%02x cannot start or continue a character", bytes[bad] & 0xff));
            return Optional.empty();
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        return Optional.of(text);
    }
}
