// The External Secrets Operator controller for test/cluster. v0.16.2 is the last release that is one
// module the proxy can serve (2.x splits into sub-modules with local replaces); it serves
// external-secrets.io/v1 and v1beta1. The sprig replace is the one ESO's own go.mod carries.
module mosaic.test/tools/eso

go 1.24.2

require github.com/external-secrets/external-secrets v0.16.2

replace github.com/Masterminds/sprig/v3 => github.com/external-secrets/sprig/v3 v3.3.0
