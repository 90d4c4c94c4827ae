package device

import (
	"cmp"
	"slices"
)

// PortInfo describes a serial port of the machine, as List finds it.
type PortInfo struct {
	Path         string // e.g. /dev/ttyUSB0, COM3
	ByID         string // a stable path, e.g. /dev/serial/by-id/usb-FTDI_FT232R_A50285BI-if00-port0 (Linux)
	ByPath       string // the path by physical connection (Linux)
	USB          bool   // a USB device
	VID          string // USB vendor id, 4 upper-case hex digits
	PID          string // USB product id
	SerialNumber string // USB serial number
	Manufacturer string
	Product      string
}

// List returns the machine's serial ports, sorted by path. On Linux it reads
// sysfs and never opens a port (go.bug.st/serial's list opens every ttyS*
// to probe it, which would disturb a port in use, such as a console).
func List() ([]PortInfo, error) {
	ports, err := listPorts()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ports, func(a, b PortInfo) int { return cmp.Compare(a.Path, b.Path) })
	return ports, nil
}
