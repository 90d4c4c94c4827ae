package main

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
)

// certReloader serves the TLS certificate of a pair of files and reloads
// them when asked, so a renewed certificate takes effect without a restart.
type certReloader struct {
	certFile, keyFile string
	cert              atomic.Pointer[tls.Certificate]
}

func newCertReloader(certFile, keyFile string) (*certReloader, error) {
	r := &certReloader{certFile: certFile, keyFile: keyFile}
	if err := r.load(); err != nil {
		return nil, err
	}
	return r, nil
}

// load reads the files; on failure the certificate in use stays.
func (r *certReloader) load() error {
	cert, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		return fmt.Errorf("--tls-cert %s --tls-key %s: %w", r.certFile, r.keyFile, err)
	}
	r.cert.Store(&cert)
	return nil
}

func (r *certReloader) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	return r.cert.Load(), nil
}

// reloadOnSIGHUP reloads the files at each SIGHUP until the returned stop
// is called, which waits for the goroutine it starts. Each result also
// goes to reloaded, if it is not nil.
func (r *certReloader) reloadOnSIGHUP(log *slog.Logger, reloaded chan<- error) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-hup:
				err := r.load()
				if err != nil {
					log.Error("TLS certificate reload failed; keeping the one in use", "err", err)
				} else {
					log.Info("TLS certificate reloaded", "cert", r.certFile)
				}
				if reloaded != nil {
					select {
					case reloaded <- err:
					case <-done:
						return
					}
				}
			case <-done:
				return
			}
		}
	})
	return func() {
		signal.Stop(hup)
		close(done)
		wg.Wait()
	}
}
