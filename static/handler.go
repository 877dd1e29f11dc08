package static

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// Handler serves the site from memory. Only the site's own files exist: no directory listings,
// and no path can reach outside it, since nothing is read from disk.
func (s *Site) Handler() http.Handler {
	// One entity tag per representation: a cache holding the gzip body must not revalidate
	// it as the plain one.
	etags := make(map[string]string, len(s.files))
	gzTags := make(map[string]string, len(s.gz))
	for name, b := range s.files {
		sum := sha256.Sum256(b)
		etags[name] = `"` + hex.EncodeToString(sum[:8]) + `"`
		gzTags[name] = `"` + hex.EncodeToString(sum[:8]) + `-gzip"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "index.html"
		}
		body, ok := s.files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", contentType(name))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		// Revalidate every time: a rebuilt site must never be mixed with a cached old wasm.
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Accept-Encoding")
		etag := etags[name]
		if z, ok := s.gz[name]; ok && acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body, etag = z, gzTags[name]
		}
		h.Set("ETag", etag)
		rc := http.NewResponseController(w)
		if noneMatch(r.Header.Get("If-None-Match"), etag) {
			_ = rc.SetWriteDeadline(time.Now().Add(writeIdleTimeout))
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		writeBody(w, rc, body)
	})
}

// contentSecurityPolicy allows exactly what the page needs: its own scripts, the wasm they
// compile ('wasm-unsafe-eval'), its worker and canvas frame, inline styles (the canvas page's
// <style> and the charts' SVG style attributes) and the empty data: icon; nothing may frame it
// from another site.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; worker-src 'self'; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'self'"

// writeIdleTimeout is how long one chunk of a response may take to send. The deadline moves on
// with every chunk, so a slow link (15 MB at 128 KB/s takes two minutes) finishes while a
// stalled client is dropped.
var writeIdleTimeout = 30 * time.Second

// writeChunk is how much is written under one deadline.
const writeChunk = 64 << 10

func writeBody(w http.ResponseWriter, rc *http.ResponseController, body []byte) {
	for len(body) > 0 {
		n := min(len(body), writeChunk)
		// Without deadline support (a test recorder) the write simply has none.
		_ = rc.SetWriteDeadline(time.Now().Add(writeIdleTimeout))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		body = body[n:]
	}
}

// noneMatch reports whether an If-None-Match header matches etag (RFC 9110 13.1.2): "*", or a
// list of tags any of which equals etag under weak comparison (W/ ignored).
func noneMatch(header, etag string) bool {
	if strings.TrimSpace(header) == "*" {
		return true
	}
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag != "" && tag == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm" // required by WebAssembly.instantiateStreaming
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// acceptsGzip reads Accept-Encoding with its q-values (RFC 9110 12.5.3): gzip (or x-gzip) with a
// weight above 0, or, when gzip is not named, "*" with a weight above 0.
func acceptsGzip(header string) bool {
	gzip, star := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := qValue(params)
		switch c := strings.ToLower(strings.TrimSpace(coding)); c {
		case "gzip", "x-gzip":
			gzip = max(gzip, q)
		case "*":
			star = max(star, q)
		}
	}
	if gzip >= 0 {
		return gzip > 0
	}
	return star > 0
}

// qValue is the weight of an Accept-Encoding element's parameters: 1 unless a q parameter says
// otherwise; an unreadable weight counts as 0, refusing rather than guessing.
func qValue(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}

// NewServer wraps a handler in a server with timeouts, so a slow or stalled client cannot hold
// a connection open forever. There is no total write deadline, which cut a 15 MB wasm at
// 128 KB/s after 9.9 MB: the handler moves a deadline on with every chunk it sends instead.
func NewServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
