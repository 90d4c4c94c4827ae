package device

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func listPorts() ([]PortInfo, error) { return listSysfs("/sys", "/dev") }

// serialNames are the names of Linux serial ports, as pyserial lists them.
var serialNames = []string{"ttyS", "ttyUSB", "ttyACM", "ttyAMA", "ttyXRUSB", "ttyGS", "ttyAP", "ttyTHS", "ttymxc", "ttySC", "rfcomm"}

// listSysfs lists the serial ports under sys (/sys) whose device files are
// under dev (/dev); tests give it a tree of their own.
func listSysfs(sys, dev string) ([]PortInfo, error) {
	entries, err := os.ReadDir(filepath.Join(sys, "class", "tty"))
	if err != nil {
		return nil, fmt.Errorf("list serial ports: %w", err)
	}
	links := stableLinks(dev)
	var ports []PortInfo
	for _, e := range entries {
		name := e.Name()
		if !isSerialName(name) {
			continue
		}
		devDir, err := filepath.EvalSymlinks(filepath.Join(sys, "class", "tty", name, "device"))
		if err != nil {
			continue // no device behind it: a virtual terminal or the like
		}
		subsystem := subsystemOf(devDir)
		if subsystem == "platform" {
			// The kernel's placeholders for 8250 UARTs that are not
			// there (ttyS1 to ttyS31 on most PCs).
			continue
		}
		p := PortInfo{Path: filepath.Join(dev, name)}
		p.ByID, p.ByPath = links[name].byID, links[name].byPath
		switch subsystem {
		case "usb-serial": // ttyUSB: .../1-1:1.0/ttyUSB0 under the interface
			readUSB(filepath.Dir(filepath.Dir(devDir)), &p)
		case "usb": // ttyACM: the interface itself
			readUSB(filepath.Dir(devDir), &p)
		}
		ports = append(ports, p)
	}
	return ports, nil
}

func isSerialName(name string) bool {
	for _, prefix := range serialNames {
		if rest, ok := strings.CutPrefix(name, prefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

func subsystemOf(devDir string) string {
	s, err := filepath.EvalSymlinks(filepath.Join(devDir, "subsystem"))
	if err != nil {
		return ""
	}
	return filepath.Base(s)
}

// readUSB fills p from the USB device directory usbDir.
func readUSB(usbDir string, p *PortInfo) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(usbDir, name))
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	p.VID, p.PID = strings.ToUpper(read("idVendor")), strings.ToUpper(read("idProduct"))
	p.USB = p.VID != ""
	p.SerialNumber, p.Manufacturer, p.Product = read("serial"), read("manufacturer"), read("product")
}

type stable struct{ byID, byPath string }

// stableLinks maps device names to the udev links that name them for good.
func stableLinks(dev string) map[string]stable {
	links := map[string]stable{}
	for _, kind := range []string{"by-id", "by-path"} {
		dir := filepath.Join(dev, "serial", kind)
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			link := filepath.Join(dir, e.Name())
			target, err := os.Readlink(link)
			if err != nil {
				continue
			}
			name := filepath.Base(target)
			l := links[name]
			if kind == "by-id" {
				l.byID = link
			} else {
				l.byPath = link
			}
			links[name] = l
		}
	}
	return links
}
