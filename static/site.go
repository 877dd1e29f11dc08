// Package static builds the browser site (the page, the Ebiten canvas compiled to WebAssembly and
// the JavaScript glue of the same Go) and serves it, or writes it out for any static host.
package static

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
)

//go:embed site
var sources embed.FS

// Site is the whole static site in memory: each file by its path ("index.html"), with a gzip
// sibling where that is smaller.
type Site struct {
	files map[string][]byte
	gz    map[string][]byte
}

// Build assembles the site: page sources minified, wasm compiled (or taken from the cache),
// wasm_exec.js from the same Go, and every compressible file precompressed. Progress of a slow
// first build goes to progress.
func Build(ctx context.Context, progress io.Writer) (*Site, error) {
	tc, err := findToolchain(ctx)
	if err != nil {
		return nil, err
	}
	raw := map[string][]byte{}
	err = fs.WalkDir(sources, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := sources.ReadFile(p)
		raw[strings.TrimPrefix(p, "site/")] = b
		return err
	})
	if err != nil {
		return nil, err
	}
	if raw["wasm_exec.js"], err = tc.wasmExecJS(); err != nil {
		return nil, err
	}
	gz := map[string][]byte{}
	for _, t := range wasmTargets {
		if raw[t.Name], gz[t.Name], err = tc.compile(ctx, t, progress); err != nil {
			return nil, err
		}
	}
	return assemble(raw, gz)
}

// assemble minifies and precompresses the raw files; gz holds the compressed forms already made.
func assemble(raw, gz map[string][]byte) (*Site, error) {
	m := minify.New()
	m.AddFunc("text/html", html.Minify)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("application/javascript", js.Minify)
	s := &Site{files: map[string][]byte{}, gz: map[string][]byte{}}
	for name, b := range raw {
		if mt := minifyType(name); mt != "" {
			var out bytes.Buffer
			if err := m.Minify(mt, &out, bytes.NewReader(b)); err != nil {
				return nil, fmt.Errorf("minify %s: %w", name, err)
			}
			b = out.Bytes()
		}
		s.files[name] = b
		if z, ok := gz[name]; ok {
			s.gz[name] = z
		} else if compressible(name) {
			if z := gzipBytes(b); len(z) < len(b) {
				s.gz[name] = z
			}
		}
	}
	return s, nil
}

func minifyType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js":
		return "application/javascript"
	}
	return ""
}

func compressible(name string) bool {
	switch path.Ext(name) {
	case ".html", ".css", ".js", ".wasm", ".svg", ".json", ".txt":
		return true
	}
	return false
}

func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression) // the level is valid: no error
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// Names lists the site's files in order (without their .gz siblings).
func (s *Site) Names() []string {
	names := make([]string, 0, len(s.files))
	for n := range s.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// File returns a file's bytes and whether it exists.
func (s *Site) File(name string) ([]byte, bool) {
	b, ok := s.files[name]
	return b, ok
}

// Gzipped returns a file's precompressed form, if it has one.
func (s *Site) Gzipped(name string) ([]byte, bool) {
	b, ok := s.gz[name]
	return b, ok
}

// WriteDir writes the site into dir, creating it, each file beside its .gz sibling, ready for
// any static host. Files of dir that are not the site's are left alone.
func (s *Site) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range s.Names() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, s.files[name], 0o644); err != nil {
			return err
		}
		if z, ok := s.gz[name]; ok {
			if err := os.WriteFile(p+".gz", z, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
