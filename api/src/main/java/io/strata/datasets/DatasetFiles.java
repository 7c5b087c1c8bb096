// SPDX-License-Identifier: Apache-2.0
package io.strata.datasets;

import io.strata.DataException;
import io.strata.internal.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keras's {@code get_file}: a data set's file from the cache, a system copy, or the network.
 *
 * <p>The cache is {@code -Dstrata.datasets.dir}, else {@code $STRATA_DATASETS_DIR}, else
 * {@code ~/.strata/datasets}. A download goes to {@code <file>.part} in the cache, shows Keras's
 * progress bar, resumes from where a failed one stopped (an HTTP range request), gives up when the
 * server sends nothing for {@code -Dstrata.datasets.timeout} seconds (60), is checked against the
 * published hash (SHA-256 or MD5, told apart by length, as Keras does), and is moved into place
 * atomically, so a cached file is always whole. Offline, the error says which file to fetch from where
 * and where to put it. {@code -Dstrata.datasets.mirror=URL} downloads every file from {@code URL/<name>}
 * instead (a company mirror), still checked against the published hash.
 */
public final class DatasetFiles {
    private DatasetFiles() {}

    /** The cache folder. */
    public static Path cacheDir() {
        String p = System.getProperty("strata.datasets.dir");
        if (p == null || p.isBlank()) {
            p = System.getenv("STRATA_DATASETS_DIR");
        }
        return p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".strata", "datasets") : Path.of(p);
    }

    /**
     * {@code subdir/name} from the cache; else the first of {@code systemCopies} that exists (a
     * packaged copy, not hashed); else downloaded from {@code origin}.
     *
     * @param hash the published SHA-256 or MD5 of the file, or null when none is published
     */
    public static Path get(String subdir, String name, String origin, @Nullable String hash, List<Path> systemCopies) {
        Path target = cacheDir().resolve(subdir).resolve(name);
        try {
            if (Files.isRegularFile(target) && (hash == null || hash.equalsIgnoreCase(hashOf(target, hash)))) {
                return target;
            }
            for (Path p : systemCopies) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
            Files.createDirectories(target.getParent());
            download(source(origin, name), target, hash);
            return target;
        } catch (IOException e) {
            throw new DataException("Could not get " + name + " from " + origin + " (" + e.getMessage() + "). If this machine is "
                    + "offline, download that address on another one and put the file at " + target + " (or point "
                    + "-Dstrata.datasets.dir / STRATA_DATASETS_DIR at a folder holding " + subdir + "/" + name + ").", e);
        }
    }

    private static String source(String origin, String name) {
        String mirror = System.getProperty("strata.datasets.mirror");
        return mirror == null || mirror.isBlank() ? origin : mirror.replaceAll("/+$", "") + "/" + name;
    }

    private static void download(String origin, Path target, @Nullable String hash) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        int timeout = (int) (Double.parseDouble(System.getProperty("strata.datasets.timeout", "60")) * 1000);
        PrintStream out = System.out;
        out.println("Downloading data from " + origin);
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        URLConnection c = URI.create(origin).toURL().openConnection();
        c.setConnectTimeout(timeout);
        c.setReadTimeout(timeout);
        if (have > 0) {
            c.setRequestProperty("Range", "bytes=" + have + "-");
        }
        boolean append = false;
        long total = -1;
        if (c instanceof HttpURLConnection http) {
            int code = http.getResponseCode();
            if (code == 206 && have > 0) {
                append = true;
                long rest = http.getContentLengthLong();
                total = rest < 0 ? -1 : have + rest;
            } else if (code == 200) {
                have = 0;
                total = http.getContentLengthLong();
            } else {
                throw new IOException("the server answered HTTP " + code);
            }
        } else {
            have = 0;
            total = c.getContentLengthLong();
        }
        long done = have;
        long lastDraw = 0;
        try (InputStream in = c.getInputStream();
                OutputStream o = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                o.write(buf, 0, n);
                done += n;
                long now = System.nanoTime();
                if (now - lastDraw > 100_000_000L) {
                    lastDraw = now;
                    progress(out, done, total, false);
                }
            }
        }
        progress(out, done, total, true);
        if (total >= 0 && done != total) {
            throw new IOException("the download stopped after " + done + " of " + total + " bytes; run again to resume it");
        }
        if (hash != null) {
            String got = hashOf(part, hash);
            if (!got.equalsIgnoreCase(hash)) {
                Files.delete(part);
                throw new IOException("the file's " + (hash.length() == 64 ? "SHA-256" : "MD5") + " is " + got + ", not the published "
                        + hash + " (a damaged or changed file; it was deleted)");
            }
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void progress(PrintStream out, long done, long total, boolean end) {
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * Math.min(1.0, (double) done / total));
            String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (done < total ? ">" : "=") : "") + ".".repeat(width - filled);
            out.print("\r" + Format.thousands(done) + "/" + Format.thousands(total) + " [" + bar + "]" + (end ? "\n" : ""));
        } else if (end) {
            out.println(Format.thousands(done) + " bytes");
        }
        out.flush();
    }

    /** The SHA-256 (a 64-character {@code like}) or MD5 of {@code file}, in hex. */
    static String hashOf(Path file, String like) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance(like.length() == 64 ? "SHA-256" : "MD5");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    d.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
