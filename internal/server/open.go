package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/serialhub/serialhub/internal/auth"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
	"github.com/serialhub/serialhub/internal/trigger"
	"github.com/serialhub/serialhub/internal/wire"
)

// handleOpen serves POST /api/ports: with AllowOpen, a client opens one of
// the machine's serial ports as a new port.
func (s *Server) handleOpen(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.AllowOpen {
		writeError(w, http.StatusForbidden, protocol.CodeNotAllowed, "opening ports at runtime is off: start serialhub with --allow-open")
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	req, err := protocol.ParseOpen(body)
	if err != nil {
		var re *protocol.RequestError
		errors.As(err, &re)
		writeError(w, http.StatusBadRequest, re.Code, re.Message)
		return
	}
	if ok, err := s.openable(req.Device); err != nil {
		writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
		return
	} else if !ok {
		writeError(w, http.StatusForbidden, protocol.CodeNotAllowed, fmt.Sprintf("device %q is not one of this machine's serial ports (GET /api/devices lists them), sim://, sim://nmea, sim://frames, sim://grbl, sim://marlin or loop://", req.Device))
		return
	}
	cfg := s.cfg.PortDefaults
	cfg.Name, cfg.Device, cfg.Description, cfg.Removable = req.Name, req.Device, req.Description, true
	if cfg.Name == "" {
		cfg.Name = hub.DefaultName(req.Device)
	}
	cfg.Settings = cfg.Settings.WithDefaults()
	if req.Settings != nil {
		cfg.Settings = wire.ApplySettings(req.Settings, cfg.Settings)
	}
	if err := cfg.Settings.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, protocol.CodeBadSettings, err.Error())
		return
	}
	if !allowed(w, r, cfg.Name, auth.RoleControl) {
		return
	}
	if !hub.ValidName(cfg.Name) {
		writeError(w, http.StatusBadRequest, protocol.CodeBadRequest, fmt.Sprintf("invalid port name %q: use 1 to 64 letters, digits, '.', '_' or '-'", cfg.Name))
		return
	}
	if _, taken := s.cfg.Hub.Port(cfg.Name); taken {
		writeError(w, http.StatusConflict, protocol.CodeExists, fmt.Sprintf("a port is already named %s: give another name", cfg.Name))
		return
	}
	// The count and the Add are one step, so that opens side by side
	// cannot pass the limit together.
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if n := s.openedPorts(); n >= s.cfg.MaxPorts {
		writeError(w, http.StatusServiceUnavailable, protocol.CodeTooMany, fmt.Sprintf("clients have opened %d ports, the most allowed (--max-ports %d): close one first (DELETE /api/ports/NAME)", n, s.cfg.MaxPorts))
		return
	}
	if s.cfg.NewRecorder != nil {
		if cfg.Recorder, err = s.cfg.NewRecorder(cfg.Name); err != nil {
			writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
			return
		}
	}
	var engine *trigger.Engine
	if s.cfg.Triggers != nil {
		if engine, err = s.cfg.Triggers.New(cfg.Name, nil); err != nil {
			if cfg.Recorder != nil {
				cfg.Recorder.Close()
			}
			writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
			return
		}
		cfg.Observers = append(cfg.Observers, engine)
	}
	port, err := s.cfg.Hub.Add(cfg)
	if err != nil {
		if cfg.Recorder != nil {
			cfg.Recorder.Close()
		}
		if engine != nil {
			engine.Close()
		}
		status, code := http.StatusInternalServerError, protocol.CodeFailed
		if errors.Is(err, hub.ErrExists) {
			status, code = http.StatusConflict, protocol.CodeExists
		}
		writeError(w, status, code, err.Error())
		return
	}
	if engine != nil {
		engine.Attach(triggerPort{port})
	}
	if s.cfg.Jobs != nil {
		s.cfg.Jobs.Restore(port)
	}
	s.audit("port opened", r, "port", cfg.Name, "device", cfg.Device)
	s.log.Info("port opened by a client", "port", cfg.Name, "device", cfg.Device, "client", r.RemoteAddr)
	w.Header().Set("Location", "/api/ports/"+cfg.Name)
	writeJSON(w, http.StatusCreated, wire.PortObject(port.Info()))
}

// openable reports whether clients may open dev: one of the machine's
// serial ports (by any of its listed paths), or a device that touches
// nothing outside serialhub. Remote devices (tcp://, rfc2217://) are not,
// lest the server be made to connect anywhere.
func (s *Server) openable(dev string) (bool, error) {
	if dev == "loop://" {
		return true, nil
	}
	if rest, ok := strings.CutPrefix(dev, "sim://"); ok {
		// The simulator in any of its modes; the firmware's options are
		// checked when it opens.
		mode, _, _ := strings.Cut(rest, "?")
		switch mode {
		case "", "nmea", "frames", "grbl", "marlin":
			return true, nil
		}
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
		writeError(w, http.StatusForbidden, protocol.CodeNotAllowed, "closing ports at runtime is off: start serialhub with --allow-open")
		return
	}
	port, ok := s.portFor(w, r, auth.RoleControl)
	if !ok {
		return
	}
	name := port.Name()
	if !port.Info().Removable {
		writeError(w, http.StatusForbidden, protocol.CodeNotAllowed, "port "+name+" is configured (command line or config file), not opened at runtime: it stays")
		return
	}
	if err := s.cfg.Hub.Remove(name); err != nil && !errors.Is(err, hub.ErrNotFound) {
		writeError(w, http.StatusInternalServerError, protocol.CodeFailed, err.Error())
		return
	}
	if s.cfg.Jobs != nil {
		s.cfg.Jobs.Forget(port)
	}
	s.audit("port closed", r, "port", name)
	s.log.Info("port closed by a client", "port", name, "client", r.RemoteAddr)
	w.WriteHeader(http.StatusNoContent)
}

// openedPorts counts the ports clients opened (removable ones).
func (s *Server) openedPorts() int {
	n := 0
	for _, p := range s.cfg.Hub.Ports() {
		if p.Info().Removable {
			n++
		}
	}
	return n
}
