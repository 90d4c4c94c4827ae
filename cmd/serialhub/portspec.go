package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
)

// portSpecHelp documents parsePortSpec for the usage text.
const portSpecHelp = `PORT is [NAME=]DEVICE[,OPTION=VALUE...]:
  DEVICE  a serial port (/dev/ttyUSB0, /dev/serial/by-id/..., COM3),
          loop:// (a loopback: what is sent comes back) or
          sim:// (a simulated sensor board that prints telemetry and
          answers help, version, rate N and burst N), or a port served
          elsewhere: rfc2217://HOST:PORT (ser2net, another serialhub)
          or tcp://HOST:PORT (raw bytes); name these with NAME=
  NAME    the port's name in URLs: letters, digits, '.', '_', '-'
          (default: the device's base name, e.g. ttyUSB0; sim; loop)
  OPTION  baud=N          bits per second (default: --baud)
          databits=5..8   (default 8)
          parity=none|odd|even|mark|space (or n, o, e, m, s; default none)
          stopbits=1|1.5|2 (default 1)
          flow=none|rtscts|xonxoff  flow control (default none)
          exclusive=true  a write lock: while one client holds it, only
                          that client may write or change the port
          scrollback=N    bytes replayed to clients that join late
                          (default: --scrollback; 0 for none)
          decode=NAME     decode the stream into named values: arduino,
                          csv, json, kv, nmea (regex and frame need
                          options: give them in the config file;
                          docs/decoders.md)`

// portSpec is a parsed PORT argument: the port as the hub takes it, and
// its decoder.
type portSpec struct {
	hub.Config
	Decoder decode.Spec // decode=NAME; Name "" for none
}

// parsePortSpec parses a PORT argument (see portSpecHelp). defaults gives
// the settings and scrollback an option does not set.
func parsePortSpec(arg string, defaults device.Settings, scrollback int) (portSpec, error) {
	cfg := portSpec{Config: hub.Config{Settings: defaults, Scrollback: scrollback}}
	main, opts, _ := strings.Cut(arg, ",")
	// NAME= comes first and holds no path or scheme characters, so a
	// device path containing '=' is still read as a path.
	if name, dev, ok := strings.Cut(main, "="); ok && !strings.ContainsAny(name, `/\:`) {
		cfg.Name, cfg.Device = name, dev
		if !hub.ValidName(name) {
			return cfg, fmt.Errorf("port %q: invalid name %q: use 1 to 64 letters, digits, '.', '_' or '-'", arg, name)
		}
	} else {
		cfg.Device = main
		cfg.Name = hub.DefaultName(main)
	}
	if cfg.Device == "" {
		return cfg, fmt.Errorf("port %q: no device", arg)
	}
	if !hub.ValidName(cfg.Name) {
		return cfg, fmt.Errorf("port %q: %q cannot be its name: name it with NAME=DEVICE", arg, cfg.Name)
	}
	if opts != "" {
		for _, opt := range strings.Split(opts, ",") {
			if err := applyOption(&cfg, opt); err != nil {
				return cfg, fmt.Errorf("port %q: %w", arg, err)
			}
		}
	}
	if err := cfg.Settings.Validate(); err != nil {
		return cfg, fmt.Errorf("port %q: %w", arg, err)
	}
	return cfg, nil
}

func applyOption(cfg *portSpec, opt string) error {
	key, val, ok := strings.Cut(opt, "=")
	if !ok || val == "" {
		return fmt.Errorf("option %q: want OPTION=VALUE", opt)
	}
	number := func() (int, error) {
		n, err := strconv.Atoi(val)
		if err != nil {
			return 0, fmt.Errorf("option %s: %q is not a whole number", key, val)
		}
		return n, nil
	}
	var err error
	switch strings.ToLower(key) {
	case "baud":
		cfg.Settings.Baud, err = number()
	case "databits":
		cfg.Settings.DataBits, err = number()
	case "parity":
		cfg.Settings.Parity, err = parseParity(val)
	case "stopbits":
		cfg.Settings.StopBits = device.StopBits(val)
	case "exclusive":
		cfg.Exclusive, err = strconv.ParseBool(val)
		if err != nil {
			err = fmt.Errorf("option exclusive: %q: want true or false", val)
		}
	case "flow":
		cfg.Settings.FlowControl = device.FlowControl(strings.ToLower(val))
	case "scrollback":
		cfg.Scrollback, err = number()
		if err == nil && cfg.Scrollback < 0 {
			err = fmt.Errorf("option scrollback: %d is negative", cfg.Scrollback)
		}
		if cfg.Scrollback == 0 {
			cfg.Scrollback = -1 // hub.Config: negative means none
		}
	case "decode":
		cfg.Decoder = decode.Spec{Name: strings.ToLower(val)}
		if err = cfg.Decoder.Validate(); errors.Is(err, decode.ErrSpec) {
			err = fmt.Errorf("option decode=%s: %w: give its options in the config file's [port.decoder] table (docs/decoders.md)", val, err)
		} else if err != nil {
			err = fmt.Errorf("option decode: %w", err)
		}
	default:
		return fmt.Errorf("unknown option %q (want baud, databits, parity, stopbits, flow, exclusive, scrollback or decode)", key)
	}
	return err
}

func parseParity(s string) (device.Parity, error) {
	switch strings.ToLower(s) {
	case "n", "none":
		return device.ParityNone, nil
	case "o", "odd":
		return device.ParityOdd, nil
	case "e", "even":
		return device.ParityEven, nil
	case "m", "mark":
		return device.ParityMark, nil
	case "s", "space":
		return device.ParitySpace, nil
	}
	return "", fmt.Errorf("invalid parity %q: want none, odd, even, mark or space", s)
}
