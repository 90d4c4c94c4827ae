//go:build !linux && (!darwin || cgo)

package device

import (
	"fmt"

	"go.bug.st/serial/enumerator"
)

func listPorts() ([]PortInfo, error) {
	details, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return nil, fmt.Errorf("list serial ports: %w", err)
	}
	ports := make([]PortInfo, 0, len(details))
	for _, d := range details {
		ports = append(ports, PortInfo{
			Path: d.Name, USB: d.IsUSB, VID: d.VID, PID: d.PID,
			SerialNumber: d.SerialNumber, Manufacturer: d.Manufacturer, Product: d.Product,
		})
	}
	return ports, nil
}
