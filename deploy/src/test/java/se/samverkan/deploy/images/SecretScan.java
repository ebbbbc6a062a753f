package se.samverkan.deploy.images;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Looks for known secret values in an image's files the way an attacker with the image would: in every file's bytes
 * and, for jars and zips, in every entry's uncompressed bytes, nested jars included (a Spring Boot jar stores its
 * libraries as jars, whose entries are compressed, so a plain grep of the layer would miss them).
 */
final class SecretScan {

    private final List<String> needles;

    SecretScan(Collection<String> values) {
        // each byte as one Latin-1 char, so String.indexOf (vectorised in the JDK) does the search; the needles are
        // ASCII, so a match is a match of the UTF-8 bytes
        this.needles = values.stream().map(value -> new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)).toList();
    }

    /** "where: value" for every hit; empty when nothing is found. */
    List<String> findings(String where, byte[] content) throws IOException {
        List<String> findings = new ArrayList<>();
        scan(where, content, findings, 0);
        return findings;
    }

    private void scan(String where, byte[] content, List<String> findings, int depth) throws IOException {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (String needle : needles) {
            if (text.contains(needle)) {
                findings.add(where + ": " + new String(needle.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        if (depth < 3 && content.length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            try (var zip = new ZipInputStream(new ByteArrayInputStream(content))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (!entry.isDirectory()) {
                        scan(where + "!/" + entry.getName(), zip.readAllBytes(), findings, depth + 1);
                    }
                }
            }
        }
    }
}
