// Package wire translates between the hub's and the devices' values and
// the wire's (package protocol), both ways, and carries out a protocol
// request on a port: the only place that knows both sides. The HTTP and
// WebSocket server and the fleet's gateways use it, so a control means the
// same, with the same errors, however it arrives.
package wire

import (
	"time"

	"github.com/serialhub/serialhub/internal/decode"
	"github.com/serialhub/serialhub/internal/device"
	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/protocol"
)

// PortObject returns the port object of a port's snapshot.
func PortObject(i hub.Info) protocol.Port { return portObjectAt(i, time.Now()) }

// portObjectAt is PortObject with the time now, which says how long a
// lease has left.
func portObjectAt(i hub.Info, now time.Time) protocol.Port {
	p := protocol.Port{
		Name:         i.Name,
		Stream:       i.Stream,
		Description:  i.Description,
		Device:       i.Device,
		Settings:     SettingsObject(i.Settings),
		Lines:        protocol.Lines{DTR: i.Lines.DTR, RTS: i.Lines.RTS},
		ModemError:   i.ModemError,
		ModemEvents:  i.ModemEvents,
		State:        protocol.State(i.State),
		Error:        i.Error,
		Clients:      i.Clients,
		BytesIn:      i.BytesIn,
		BytesOut:     i.BytesOut,
		DroppedBytes: i.DroppedBytes,
		Dropped:      protocol.Drops(i.Drops),
		Reopens:      i.Reopens,
		Capture:      i.Capture,
		Removable:    i.Removable,
		Exclusive:    i.Exclusive,
	}
	if i.Modem != nil {
		m := ModemObject(*i.Modem)
		p.Modem = &m
	}
	if l := i.Lock; l != nil {
		p.Lock = &protocol.Lock{Holder: l.Holder, Since: l.Since, Lease: l.Lease, Note: l.Note}
		if !l.Expires.IsZero() {
			expires, left := l.Expires, max(l.Expires.Sub(now).Milliseconds(), 0)
			p.Lock.Expires, p.Lock.TimeLeftMs = &expires, &left
		}
		if len(l.Queue) > 0 {
			p.Lock.Queue = make([]protocol.LeaseWaiter, len(l.Queue))
			for k, w := range l.Queue {
				p.Lock.Queue[k] = protocol.LeaseWaiter{Holder: w.Holder, Note: w.Note, Since: w.Since}
			}
		}
	}
	if len(i.Watchers) > 0 {
		p.Watchers = make([]protocol.Watcher, len(i.Watchers))
		for k, w := range i.Watchers {
			p.Watchers[k] = protocol.Watcher{Name: w.Name, Count: w.Count}
		}
	}
	p.WatchersMore = i.WatchersMore
	if i.Typing != nil {
		p.Typing = &protocol.Typing{Name: i.Typing.Name, At: i.Typing.At}
	}
	if o := i.Origin; o != nil {
		online := o.Online
		p.Gateway, p.Online, p.Tags = o.Gateway, &online, o.Tags
		if !o.LastSeen.IsZero() {
			seen := o.LastSeen.UTC().Round(time.Millisecond)
			p.LastSeen = &seen
		}
	}
	if d := i.Decode; d != nil {
		records, errs, dropped := d.Records, d.Errors, d.Dropped
		p.Decoder, p.DecodedRecords, p.DecodeErrors, p.DecodeDropped = d.Decoder, &records, &errs, &dropped
	}
	if i.Job != nil {
		j := JobObject(*i.Job)
		p.Job = &j
	}
	return p
}

// JobObject returns the API's object for a job.
func JobObject(i hub.JobInfo) protocol.Job {
	j := protocol.Job{
		ID: i.ID, Name: i.Name, Profile: i.Profile, State: i.State, By: i.By,
		Lines: i.Lines, Sent: i.Sent, Acked: i.Acked, Bytes: i.Bytes, Errors: i.Errors, Resends: i.Resends,
		Line: i.Line, Created: i.Created.UTC(), Elapsed: i.Elapsed.Seconds(), Reason: i.Reason, Interrupted: i.Interrupted,
	}
	if !i.Started.IsZero() {
		t := i.Started.UTC()
		j.Started = &t
	}
	if !i.Ended.IsZero() {
		t := i.Ended.UTC()
		j.Ended = &t
	}
	if i.ETA > 0 {
		eta := i.ETA.Round(time.Millisecond).Seconds()
		j.ETA = &eta
	}
	j.Elapsed = i.Elapsed.Round(time.Millisecond).Seconds()
	return j
}

// RecordObject is a decoded record as the protocol carries it.
func RecordObject(r decode.Record) protocol.Record {
	out := protocol.Record{Time: r.Time, Offset: r.Offset, Values: make(protocol.Fields, len(r.Values))}
	for i, v := range r.Values {
		if v.IsText {
			out.Values[i] = protocol.Field{Name: v.Name, Value: v.Text}
		} else {
			out.Values[i] = protocol.Field{Name: v.Name, Value: v.Num}
		}
	}
	return out
}

// RecordObjects is RecordObject of each of rs.
func RecordObjects(rs []decode.Record) []protocol.Record {
	out := make([]protocol.Record, len(rs))
	for i, r := range rs {
		out[i] = RecordObject(r)
	}
	return out
}

func ModemObject(m device.Modem) protocol.Modem {
	return protocol.Modem{CTS: m.CTS, DSR: m.DSR, RI: m.RI, DCD: m.DCD}
}

func SettingsObject(s device.Settings) protocol.Settings {
	return protocol.Settings{
		Baud:        s.Baud,
		DataBits:    s.DataBits,
		Parity:      protocol.Parity(s.Parity),
		StopBits:    protocol.StopBits(s.StopBits),
		FlowControl: protocol.FlowControl(s.FlowControl),
	}
}

func DeviceSettings(s protocol.Settings) device.Settings {
	return device.Settings{
		Baud:        s.Baud,
		DataBits:    s.DataBits,
		Parity:      device.Parity(s.Parity),
		StopBits:    device.StopBits(s.StopBits),
		FlowControl: device.FlowControl(s.FlowControl),
	}
}

// ApplySettings returns s changed by p.
func ApplySettings(p *protocol.SettingsPatch, s device.Settings) device.Settings {
	return DeviceSettings(p.Apply(SettingsObject(s)))
}

// DeviceEntry returns a serial port of the machine as GET /api/devices and
// "serialhub list --json" list it; port names the serialhub port serving
// it ("" if none).
func DeviceEntry(d device.PortInfo, port string) protocol.Device {
	return protocol.Device{
		Path:         d.Path,
		ByID:         d.ByID,
		ByPath:       d.ByPath,
		USB:          d.USB,
		VID:          d.VID,
		PID:          d.PID,
		SerialNumber: d.SerialNumber,
		Manufacturer: d.Manufacturer,
		Product:      d.Product,
		Port:         port,
	}
}
