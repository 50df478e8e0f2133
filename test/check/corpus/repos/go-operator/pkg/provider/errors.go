package provider

import "errors"

const (
	errGetToken            = "unable to get token: %w" ⟦FP hardcoded-secret⟧
	errMissingPassword     = "missing password in secret %s/%s" ⟦FP hardcoded-secret⟧
	errInvalidClientSecret = "client secret is invalid: %v" ⟦FP hardcoded-secret⟧
	errFetchCredentials    = "could not fetch credentials from %q" ⟦FP hardcoded-secret⟧
	errTokenExpired        = "token expired" ⟦FP hardcoded-secret⟧
	errAPIKeyRequired      = "spec.auth.apiKey is required" ⟦FP hardcoded-secret⟧
)

var ErrNoSecret = errors.New("secret not found")

// msgPasswordRotated is logged after a rotation.
var msgPasswordRotated = "password rotated for user %s" ⟦FP hardcoded-secret⟧

const passwordFormat = "%s:%s@%s" ⟦FP hardcoded-secret⟧
