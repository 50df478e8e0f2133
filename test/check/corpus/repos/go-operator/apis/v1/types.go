package v1

type SecretStoreCapabilities string

const (
	SecretStoreReadOnly  SecretStoreCapabilities = "ReadOnly" ⟦FP hardcoded-secret⟧
	SecretStoreWriteOnly SecretStoreCapabilities = "WriteOnly" ⟦FP hardcoded-secret⟧
	SecretStoreReadWrite SecretStoreCapabilities = "ReadWrite" ⟦FP hardcoded-secret⟧
)

type AuthMethod string

const (
	AuthMethodToken    AuthMethod = "token" ⟦FP hardcoded-secret⟧
	AuthMethodPassword AuthMethod = "userpass" ⟦FP hardcoded-secret⟧
	TokenAuthKind      AuthMethod = "kubernetes-service-account" ⟦FP hardcoded-secret⟧
)

type SecretRef struct {
	Password    string `json:"password,omitempty"` ⟦FP hardcoded-secret⟧
	ClientSecret string `json:"clientSecret"` ⟦FP hardcoded-secret⟧
	TokenSecretRef *SecretKeySelector `json:"tokenSecretRef,omitempty"`
}

type SecretKeySelector struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}
