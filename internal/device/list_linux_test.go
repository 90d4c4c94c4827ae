package device

import (
	"os"
	"path/filepath"
	"testing"
)

// fakeSysfs builds the parts of /sys and /dev that listSysfs reads, as
// Linux lays them out for the kinds of port it meets.
func fakeSysfs(t *testing.T) (sys, dev string) {
	t.Helper()
	root := t.TempDir()
	sys, dev = filepath.Join(root, "sys"), filepath.Join(root, "dev")
	mkdir := func(p string) {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		mkdir(filepath.Dir(name))
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, content string) {
		mkdir(filepath.Dir(name))
		if err := os.WriteFile(name, []byte(content+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, bus := range []string{"usb", "usb-serial", "pnp", "platform", "amba"} {
		mkdir(filepath.Join(sys, "bus", bus))
	}
	// port is a tty whose device directory is devDir on bus.
	port := func(name, devDir, bus string) {
		mkdir(devDir)
		link(filepath.Join(sys, "bus", bus), filepath.Join(devDir, "subsystem"))
		link(devDir, filepath.Join(sys, "class", "tty", name, "device"))
	}
	usbDev := func(dir, vid, pid, serial, maker, product string) {
		write(filepath.Join(dir, "idVendor"), vid)
		write(filepath.Join(dir, "idProduct"), pid)
		write(filepath.Join(dir, "serial"), serial)
		write(filepath.Join(dir, "manufacturer"), maker)
		write(filepath.Join(dir, "product"), product)
	}
	ftdi := filepath.Join(sys, "devices", "usb1", "1-1")
	usbDev(ftdi, "0403", "6001", "A50285BI", "FTDI", "FT232R USB UART")
	port("ttyUSB0", filepath.Join(ftdi, "1-1:1.0", "ttyUSB0"), "usb-serial")
	arduino := filepath.Join(sys, "devices", "usb1", "1-2")
	usbDev(arduino, "2341", "0043", "85734323", "Arduino (www.arduino.cc)", "Arduino Uno")
	port("ttyACM0", filepath.Join(arduino, "1-2:1.0"), "usb")
	port("ttyS0", filepath.Join(sys, "devices", "pnp0", "00:04"), "pnp")
	port("ttyS1", filepath.Join(sys, "devices", "platform", "serial8250"), "platform")
	port("ttyAMA0", filepath.Join(sys, "devices", "platform", "soc", "fe201000.serial"), "amba")
	mkdir(filepath.Join(sys, "class", "tty", "tty0"))   // a virtual console: no device
	mkdir(filepath.Join(sys, "class", "tty", "ttyUSB")) // not a port name
	link("../../ttyUSB0", filepath.Join(dev, "serial", "by-id", "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"))
	link("../../ttyUSB0", filepath.Join(dev, "serial", "by-path", "pci-0000:00:14.0-usb-0:1:1.0-port0"))
	return sys, dev
}

func TestListSysfs(t *testing.T) {
	sys, dev := fakeSysfs(t)
	got, err := listSysfs(sys, dev)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]PortInfo{
		"ttyUSB0": {
			Path: filepath.Join(dev, "ttyUSB0"), USB: true, VID: "0403", PID: "6001", SerialNumber: "A50285BI",
			Manufacturer: "FTDI", Product: "FT232R USB UART",
			ByID:   filepath.Join(dev, "serial", "by-id", "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"),
			ByPath: filepath.Join(dev, "serial", "by-path", "pci-0000:00:14.0-usb-0:1:1.0-port0"),
		},
		"ttyACM0": {
			Path: filepath.Join(dev, "ttyACM0"), USB: true, VID: "2341", PID: "0043", SerialNumber: "85734323",
			Manufacturer: "Arduino (www.arduino.cc)", Product: "Arduino Uno",
		},
		"ttyS0":   {Path: filepath.Join(dev, "ttyS0")},
		"ttyAMA0": {Path: filepath.Join(dev, "ttyAMA0")},
	}
	if len(got) != len(want) {
		t.Fatalf("listed %d ports, want %d (the 8250 placeholder, tty0 and ttyUSB left out): %+v", len(got), len(want), got)
	}
	for _, p := range got {
		if w := want[filepath.Base(p.Path)]; p != w {
			t.Errorf("got  %+v\nwant %+v", p, w)
		}
	}
}

// List on this machine must work without opening anything (it runs in CI
// on machines whose ttyS0 is their own console).
func TestListHere(t *testing.T) {
	if _, err := List(); err != nil {
		t.Fatal(err)
	}
}
