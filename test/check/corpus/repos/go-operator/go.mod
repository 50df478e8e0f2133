module github.com/example/secret-operator

go 1.24

require github.com/kelseyhightower/envconfig v1.4.0
