package db

const defaultPassword = "admin" ⟦TP hardcoded-secret⟧
const passwordEnv = "DB_PASSWORD" ⟦FP hardcoded-secret⟧
const tokenURL = "https://oauth2.example.com/token" ⟦FP hardcoded-secret⟧

var errBadPassword = fmt.Errorf("bad password for %s", "user") ⟦FP hardcoded-secret⟧
