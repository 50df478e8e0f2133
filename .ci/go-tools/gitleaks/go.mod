module mosaic.test/tools/gitleaks

go 1.24

require github.com/zricethezav/gitleaks/v8 v8.30.0
