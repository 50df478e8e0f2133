package com.example;

public class SecurityConfig {
    private static final String PASSWORD_PARAM = "password"; ⟦FP hardcoded-secret⟧
    private static final String TOKEN_HEADER = "X-Auth-Token"; ⟦FP hardcoded-secret⟧
    private static final String SECRET = "%%GEN:ALNUM32%%"; ⟦TP hardcoded-secret⟧
    @Value("${app.jwt.secret}")
    private String jwtSecret; ⟦FP hardcoded-secret⟧
}
