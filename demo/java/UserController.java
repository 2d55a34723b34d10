package com.example.portal.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.*;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.*;

/** User accounts API: search, avatar processing, preference import and password handling. */
@RestController
@RequestMapping("/api/users")
public class UserController {

    public record Preferences(String theme, String language, boolean weeklyDigest) implements Serializable {}

    private final DataSource dataSource;
    private final ObjectMapper objectMapper;
    private final BCryptPasswordEncoder passwordEncoder = new BCryptPasswordEncoder(12);
    private final SecureRandom secureRandom = new SecureRandom();

    public UserController(DataSource dataSource, ObjectMapper objectMapper) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
    }

    @GetMapping("/search")
    public List<Map<String, Object>> search(@RequestParam String name) throws SQLException {
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            // flaw: SQL built by string concatenation
            ResultSet rs = stmt.executeQuery("SELECT id, username, email FROM users WHERE username LIKE '%" + name + "%'");
            return toList(rs);
        }
    }

    @GetMapping("/by-email")
    public List<Map<String, Object>> byEmail(@RequestParam String email) throws SQLException {
        String sql = "SELECT id, username, email FROM users WHERE email = ?";
        // safe: PreparedStatement with a bound parameter
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, email);
            return toList(ps.executeQuery());
        }
    }

    @PostMapping("/{id}/avatar")
    public Map<String, String> resizeAvatar(@PathVariable long id, @RequestParam String file) throws IOException, InterruptedException {
        // flaw: command line built from a request parameter
        Process p = Runtime.getRuntime().exec("convert /data/uploads/" + file + " -resize 128x128 /data/avatars/" + id + ".png");
        return Map.of("status", p.waitFor() == 0 ? "ok" : "failed");
    }

    @PostMapping("/{id}/avatar/v2")
    public Map<String, String> resizeAvatarSafely(@PathVariable long id, @RequestParam String file) throws IOException, InterruptedException {
        String name = Path.of(file).getFileName().toString();
        if (!name.matches("[A-Za-z0-9_-]{1,64}\\.(png|jpe?g)")) throw new IllegalArgumentException("bad file name");
        // safe: fixed program, one argument per element, no shell
        Process p = new ProcessBuilder("convert", "/data/uploads/" + name, "-resize", "128x128", "/data/avatars/" + id + ".png").start();
        return Map.of("status", p.waitFor() == 0 ? "ok" : "failed");
    }

    @PostMapping(value = "/{id}/preferences", consumes = "application/octet-stream")
    public Preferences importPreferences(@PathVariable long id, @RequestBody byte[] body) throws IOException, ClassNotFoundException {
        // flaw: Java deserialization of bytes from the request
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(body))) {
            return (Preferences) in.readObject();
        }
    }

    @PutMapping(value = "/{id}/preferences", consumes = "application/json")
    public Preferences updatePreferences(@PathVariable long id, @RequestBody String body) throws IOException {
        // safe: Jackson binds JSON to one fixed record type
        return objectMapper.readValue(body, Preferences.class);
    }

    static String hashPasswordLegacy(String password) throws NoSuchAlgorithmException {
        // flaw: unsalted MD5 for password hashing
        MessageDigest md = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    String hashPassword(String password) {
        // safe: BCrypt with a per-password salt and work factor
        return passwordEncoder.encode(password);
    }

    static String legacyResetToken() {
        // flaw: java.util.Random is predictable, so reset tokens can be guessed
        return Long.toHexString(new Random().nextLong());
    }

    String resetToken() {
        byte[] bytes = new byte[32];
        // safe: SecureRandom
        secureRandom.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<Map<String, Object>> toList(ResultSet rs) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(Map.of("id", rs.getLong("id"), "username", rs.getString("username"), "email", rs.getString("email")));
        }
        return rows;
    }
}
