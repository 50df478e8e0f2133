#!/bin/bash
# Runs the image locally against a throwaway database.
docker run --rm -d --name db -e POSTGRES_PASSWORD=hunter22 postgres:16 ⟦TP hardcoded-secret⟧
docker run --rm \
  -e DB_PASSWORD \ ⟦FP hardcoded-secret⟧
  -e API_TOKEN="$API_TOKEN" \ ⟦FP hardcoded-secret⟧
  -e STRIPE_KEY=%%GEN:STRIPE_LIVE%% \ ⟦TP hardcoded-secret fmt⟧
  ghcr.io/example/app:1.4.0
