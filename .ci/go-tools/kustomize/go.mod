module mosaic.test/tools/kustomize

go 1.24

require sigs.k8s.io/kustomize/kustomize/v5 v5.7.1
