package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// codeNotAllowed: the server does not let clients do that (--allow-open).
const codeNotAllowed = "not_allowed"

// openRequest is the body of POST /api/ports.
type openRequest struct {
	Name        string         `json:"name"`        // default: the device's base name
	Device      string         `json:"device"`      // a path GET /api/devices lists, sim:// or loop://
	Description string         `json:"description"` // optional
	Settings    *settingsPatch `json:"settings"`    // optional; over the server's defaults
}

// handleOpen serves POST /api/ports: with AllowOpen, a client opens one of
// the machine's serial ports as a new port.
func (s *Server) handleOpen(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.AllowOpen {
		writeError(w, http.StatusForbidden, codeNotAllowed, "opening ports at runtime is off: start serialhub with --allow-open")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("request body over %d bytes", maxBody))
		return
	}
	var req openRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, codeBadRequest, "request body"+explainJSON(err))
		return
	}
	if ok, err := s.openable(req.Device); err != nil {
		writeError(w, http.StatusInternalServerError, codeFailed, err.Error())
		return
	} else if !ok {
		writeError(w, http.StatusForbidden, codeNotAllowed, fmt.Sprintf("device %q is not one of this machine's serial ports (GET /api/devices lists them), sim:// or loop://", req.Device))
		return
	}
	cfg := s.cfg.PortDefaults
	cfg.Name, cfg.Device, cfg.Description, cfg.Removable = req.Name, req.Device, req.Description, true
	if cfg.Name == "" {
		cfg.Name = hub.DefaultName(req.Device)
	}
	cfg.Settings = cfg.Settings.WithDefaults()
	if req.Settings != nil {
		cfg.Settings = req.Settings.apply(cfg.Settings)
	}
	if err := cfg.Settings.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, codeBadSettings, err.Error())
		return
	}
	if !allowed(w, r, cfg.Name, auth.RoleControl) {
		return
	}
	if !hub.ValidName(cfg.Name) {
		writeError(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("invalid port name %q: use 1 to 64 letters, digits, '.', '_' or '-'", cfg.Name))
		return
	}
	if _, taken := s.cfg.Hub.Port(cfg.Name); taken {
		writeError(w, http.StatusConflict, codeExists, fmt.Sprintf("a port is already named %s: give another name", cfg.Name))
		return
	}
	if s.cfg.NewRecorder != nil {
		if cfg.Recorder, err = s.cfg.NewRecorder(cfg.Name); err != nil {
			writeError(w, http.StatusInternalServerError, codeFailed, err.Error())
			return
		}
	}
	port, err := s.cfg.Hub.Add(cfg)
	if err != nil {
		if cfg.Recorder != nil {
			cfg.Recorder.Close()
		}
		status, code := http.StatusInternalServerError, codeFailed
		if errors.Is(err, hub.ErrExists) {
			status, code = http.StatusConflict, codeExists
		}
		writeError(w, status, code, err.Error())
		return
	}
	s.audit("port opened", r, "port", cfg.Name, "device", cfg.Device)
	s.log.Info("port opened by a client", "port", cfg.Name, "device", cfg.Device, "client", r.RemoteAddr)
	w.Header().Set("Location", "/api/ports/"+cfg.Name)
	writeJSON(w, http.StatusCreated, port.Info())
}

// codeExists: a port already has the name.
const codeExists = "exists"

// openable reports whether clients may open dev: one of the machine's
// serial ports (by any of its listed paths), or a device that touches
// nothing outside serialhub. Remote devices (tcp://, rfc2217://) are not,
// lest the server be made to connect anywhere.
func (s *Server) openable(dev string) (bool, error) {
	if dev == "sim://" || dev == "loop://" {
		return true, nil
	}
	list, err := s.cfg.ListDevices()
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(list, func(p device.PortInfo) bool {
		return dev != "" && (dev == p.Path || dev == p.ByID || dev == p.ByPath)
	}), nil
}

// handleClose serves DELETE /api/ports/{name}: with AllowOpen, a client
// closes a port that was opened at runtime. Its clients get a last status
// (closed) and a close frame.
func (s *Server) handleClose(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.AllowOpen {
		writeError(w, http.StatusForbidden, codeNotAllowed, "closing ports at runtime is off: start serialhub with --allow-open")
		return
	}
	port, ok := s.portFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	name := port.Name()
	if !port.Info().Removable {
		writeError(w, http.StatusForbidden, codeNotAllowed, "port "+name+" is configured (command line or config file), not opened at runtime: it stays")
		return
	}
	if err := s.cfg.Hub.Remove(name); err != nil && !errors.Is(err, hub.ErrNotFound) {
		writeError(w, http.StatusInternalServerError, codeFailed, err.Error())
		return
	}
	s.audit("port closed", r, "port", name)
	s.log.Info("port closed by a client", "port", name, "client", r.RemoteAddr)
	w.WriteHeader(http.StatusNoContent)
}
