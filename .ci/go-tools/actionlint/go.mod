module mosaic.test/tools/actionlint

go 1.24

require github.com/rhysd/actionlint v1.7.12
