# The pipesim command in a small image, for running batch shards on a cluster
# (see docs/scale-out.md):
#   docker build -t pipesim .
#   docker run --rm pipesim batch --runs 1000
FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags=-s -o /out/pipesim .

# Alpine rather than distroless: the Kubernetes Job turns its 0-based completion index
# into the 1-based shard with the shell.
FROM alpine:3.22
COPY --from=build /out/pipesim /usr/local/bin/pipesim
USER 65532:65532
WORKDIR /results
ENTRYPOINT ["pipesim"]
