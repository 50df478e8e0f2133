package main

import (
	"log"

	"github.com/kelseyhightower/envconfig"
)

type Env struct {
	ProviderToken string `envconfig:"PROVIDER_TOKEN" required:"true"` ⟦FP hardcoded-secret⟧
}

func main() {
	var e Env
	if err := envconfig.Process("", &e); err != nil {
		log.Fatal(err)
	}
}
