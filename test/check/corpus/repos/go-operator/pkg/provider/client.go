package provider

import (
	"net/http"
	"os"
)

type Config struct {
	Endpoint string
	Password string
	Token    string
}

const webhookSigningSecret = "%%GEN:ALNUM24%%" ⟦TP hardcoded-secret⟧

func newClient() (*http.Client, *Config) {
	token := os.Getenv("PROVIDER_TOKEN") ⟦FP hardcoded-secret⟧
	cfg := &Config{Endpoint: "https://api.example.com", Token: token} ⟦FP hardcoded-secret⟧
	cfg.Password = "Sup3r-S3cret-Adm1n!" ⟦TP hardcoded-secret⟧
	req, _ := http.NewRequest("GET", cfg.Endpoint, nil)
	req.Header.Set("Authorization", "Bearer "+token) ⟦FP hardcoded-secret⟧
	_ = req
	return http.DefaultClient, cfg
}

func defaultAWS() map[string]string {
	return map[string]string{
		"aws_access_key_id":     "%%GEN:AWS_KEY_ID%%", ⟦TP hardcoded-secret fmt⟧
		"aws_secret_access_key": "%%GEN:AWS_SECRET%%", ⟦TP hardcoded-secret⟧
	}
}
