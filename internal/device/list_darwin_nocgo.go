//go:build darwin && !cgo

package device

import (
	"fmt"

	"go.bug.st/serial"
)

// Without cgo, macOS's IOKit cannot be asked for USB details: the paths are
// all there is (build with CGO_ENABLED=1 on a Mac for the rest).
func listPorts() ([]PortInfo, error) {
	names, err := serial.GetPortsList()
	if err != nil {
		return nil, fmt.Errorf("list serial ports: %w", err)
	}
	ports := make([]PortInfo, 0, len(names))
	for _, n := range names {
		ports = append(ports, PortInfo{Path: n})
	}
	return ports, nil
}
