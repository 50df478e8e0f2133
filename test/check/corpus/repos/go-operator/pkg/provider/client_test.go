package provider

import "testing"

func TestClient(t *testing.T) {
	password := "test-password" ⟦FP hardcoded-secret⟧
	token := "fake-token-for-tests" ⟦FP hardcoded-secret⟧
	_, _ = password, token
}
