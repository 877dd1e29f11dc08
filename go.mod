module github.com/pipesim/pipesim

go 1.26
