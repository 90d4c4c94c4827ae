// Package metrics exposes serialhub's ports to Prometheus. The collector
// reads each port's Info when scraped, so the hub keeps one set of
// counters and the metrics can never disagree with /api/ports.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/serialhub/serialhub/internal/hub"
)

// states are every port state, so that serialhub_port_state has a series
// for each and a dashboard can tell 0 from missing.
var states = []hub.State{hub.StateOpening, hub.StateOpen, hub.StateError, hub.StateDisconnected, hub.StateClosed}

var (
	bytesIn           = prometheus.NewDesc("serialhub_port_bytes_in_total", "Bytes read from the port's device.", []string{"port"}, nil)
	bytesOut          = prometheus.NewDesc("serialhub_port_bytes_out_total", "Bytes written to the port's device.", []string{"port"}, nil)
	dropped           = prometheus.NewDesc("serialhub_port_dropped_bytes_total", "Bytes lost, by reason: slow (not delivered to a client that fell behind, summed over clients), cutoff (queued for a client disconnected by the write timeout), paused (dropped for an RFC 2217 client that suspended the flow), capture (not recorded: the disk fell behind or failed), refused (sent by clients, not written to the device).", []string{"port", "reason"}, nil)
	reopens           = prometheus.NewDesc("serialhub_port_reopens_total", "Times the port's device was opened again after it went away or failed to open.", []string{"port"}, nil)
	clients           = prometheus.NewDesc("serialhub_port_clients", "WebSocket clients connected to the port.", []string{"port"}, nil)
	state             = prometheus.NewDesc("serialhub_port_state", "1 for the port's current state, 0 for the others.", []string{"port", "state"}, nil)
	triggerFirings    = prometheus.NewDesc("serialhub_trigger_firings_total", "Times the trigger fired: its actions were done.", []string{"port", "trigger"}, nil)
	triggerSuppressed = prometheus.NewDesc("serialhub_trigger_suppressed_total", "Matches of the trigger within its hold-off, counted and not acted on.", []string{"port", "trigger"}, nil)
	triggerErrors     = prometheus.NewDesc("serialhub_trigger_action_errors_total", "Actions of the trigger that failed: a webhook refused, unreachable or dropped (queue full), a send refused (write lock, device not open).", []string{"port", "trigger"}, nil)
	triggerDropped    = prometheus.NewDesc("serialhub_trigger_dropped_bytes_total", "Bytes of the port's traffic its triggers did not see: they fell behind.", []string{"port"}, nil)
	jobLines          = prometheus.NewDesc("serialhub_job_lines", "Lines of the port's running job, or its last one (docs/jobs.md).", []string{"port", "job"}, nil)
	jobAcked          = prometheus.NewDesc("serialhub_job_acked_lines", "Lines of the port's running or last job that the device acknowledged.", []string{"port", "job"}, nil)
	jobErrors         = prometheus.NewDesc("serialhub_job_errors", "Errors the device answered to the port's running or last job, and timeouts.", []string{"port", "job"}, nil)
	jobState          = prometheus.NewDesc("serialhub_job_state", "The state of the port's running or last job: 1 for the one it is in.", []string{"port", "job", "state"}, nil)
	decodedRecords    = prometheus.NewDesc("serialhub_port_decoded_records_total", "Records the port's decoder made of its output (docs/decoders.md).", []string{"port", "decoder"}, nil)
	decodeErrors      = prometheus.NewDesc("serialhub_port_decode_errors_total", "Pieces of the port's output its decoder could not decode: a bad checksum, a line not in the format, a frame too long.", []string{"port", "decoder"}, nil)
	decodeDropped     = prometheus.NewDesc("serialhub_port_decode_dropped_bytes_total", "Bytes of the port's output its decoder fell behind on and did not decode.", []string{"port", "decoder"}, nil)
	buildInfo         = prometheus.NewDesc("serialhub_build_info", "Always 1; the version label says which serialhub this is.", []string{"version"}, nil)
)

// TriggerStats are the counts of a port's triggers.
type TriggerStats struct {
	Port     string
	Dropped  uint64 // bytes of traffic the triggers did not see
	Triggers []TriggerCounts
}

// TriggerCounts are one trigger's counts.
type TriggerCounts struct {
	ID                        string
	Fired, Suppressed, Errors uint64
}

// Triggers returns the counts of the triggers of the ports visible
// allows.
type Triggers func(visible func(port string) bool) []TriggerStats

// PortCounters is a counter by port kept outside the hub (the MQTT
// bridge's): Counts gives each port's value, by port name, at each
// scrape. Its series have one label, port.
type PortCounters struct {
	Name, Help string
	Counts     func() map[string]uint64
}

// collector reports the ports of a hub that visible allows.
type collector struct {
	hub      *hub.Hub
	version  string
	visible  func(port string) bool
	triggers Triggers // nil: none
	more     []PortCounters
	moreDesc []*prometheus.Desc // more's, in order
}

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{bytesIn, bytesOut, dropped, reopens, clients, state, buildInfo, triggerFirings, triggerSuppressed, triggerErrors, triggerDropped, decodedRecords, decodeErrors, decodeDropped, jobLines, jobAcked, jobErrors, jobState} {
		ch <- d
	}
	for _, d := range c.moreDesc {
		ch <- d
	}
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(buildInfo, prometheus.GaugeValue, 1, c.version)
	for i, m := range c.more {
		for port, n := range m.Counts() {
			if c.visible(port) {
				ch <- prometheus.MustNewConstMetric(c.moreDesc[i], prometheus.CounterValue, float64(n), port)
			}
		}
	}
	for _, p := range c.hub.Ports() {
		if !c.visible(p.Name()) {
			continue
		}
		i := p.Info()
		ch <- prometheus.MustNewConstMetric(bytesIn, prometheus.CounterValue, float64(i.BytesIn), i.Name)
		ch <- prometheus.MustNewConstMetric(bytesOut, prometheus.CounterValue, float64(i.BytesOut), i.Name)
		for _, r := range hub.DropReasons {
			ch <- prometheus.MustNewConstMetric(dropped, prometheus.CounterValue, float64(i.Drops.Get(r)), i.Name, r.String())
		}
		ch <- prometheus.MustNewConstMetric(reopens, prometheus.CounterValue, float64(i.Reopens), i.Name)
		ch <- prometheus.MustNewConstMetric(clients, prometheus.GaugeValue, float64(i.Clients), i.Name)
		for _, s := range states {
			v := 0.0
			if i.State == s {
				v = 1
			}
			ch <- prometheus.MustNewConstMetric(state, prometheus.GaugeValue, v, i.Name, string(s))
		}
		if d := i.Decode; d != nil {
			ch <- prometheus.MustNewConstMetric(decodedRecords, prometheus.CounterValue, float64(d.Records), i.Name, d.Decoder)
			ch <- prometheus.MustNewConstMetric(decodeErrors, prometheus.CounterValue, float64(d.Errors), i.Name, d.Decoder)
			ch <- prometheus.MustNewConstMetric(decodeDropped, prometheus.CounterValue, float64(d.Dropped), i.Name, d.Decoder)
		}
		if j := i.Job; j != nil {
			ch <- prometheus.MustNewConstMetric(jobLines, prometheus.GaugeValue, float64(j.Lines), i.Name, j.ID)
			ch <- prometheus.MustNewConstMetric(jobAcked, prometheus.GaugeValue, float64(j.Acked), i.Name, j.ID)
			ch <- prometheus.MustNewConstMetric(jobErrors, prometheus.GaugeValue, float64(j.Errors), i.Name, j.ID)
			for _, s := range jobStates {
				v := 0.0
				if j.State == s {
					v = 1
				}
				ch <- prometheus.MustNewConstMetric(jobState, prometheus.GaugeValue, v, i.Name, j.ID, s)
			}
		}
	}
	if c.triggers == nil {
		return
	}
	for _, p := range c.triggers(c.visible) {
		ch <- prometheus.MustNewConstMetric(triggerDropped, prometheus.CounterValue, float64(p.Dropped), p.Port)
		for _, t := range p.Triggers {
			ch <- prometheus.MustNewConstMetric(triggerFirings, prometheus.CounterValue, float64(t.Fired), p.Port, t.ID)
			ch <- prometheus.MustNewConstMetric(triggerSuppressed, prometheus.CounterValue, float64(t.Suppressed), p.Port, t.ID)
			ch <- prometheus.MustNewConstMetric(triggerErrors, prometheus.CounterValue, float64(t.Errors), p.Port, t.ID)
		}
	}
}

// jobStates are the states of a job (package job's; the hub only carries
// them).
var jobStates = []string{"queued", "running", "paused", "done", "failed", "cancelled"}

// Handler serves the hub's metrics, with the Go runtime's and the
// process's, in Prometheus's text format. visible gives, for a request,
// which ports its caller may see: the others' series are left out, as
// they are from /api/ports. triggers, if not nil, gives the counts of
// the ports' triggers; more are further counters by port.
func Handler(h *hub.Hub, version string, visible func(*http.Request) func(port string) bool, triggers Triggers, more ...PortCounters) http.Handler {
	moreDesc := make([]*prometheus.Desc, len(more))
	for i, m := range more {
		moreDesc[i] = prometheus.NewDesc(m.Name, m.Help, []string{"port"}, nil)
	}
	runtime := prometheus.NewRegistry()
	runtime.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ports := prometheus.NewRegistry()
		ports.MustRegister(collector{hub: h, version: version, visible: visible(r), triggers: triggers, more: more, moreDesc: moreDesc})
		promhttp.HandlerFor(prometheus.Gatherers{runtime, ports}, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}).ServeHTTP(w, r)
	})
}
