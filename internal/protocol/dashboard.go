package protocol

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// Dashboards (docs/dashboards.md): a page of widgets for one port, built
// in the console and kept by the server (--dashboards DIR), which every
// viewer sees alike. The server checks a dashboard's shape; what each
// widget's fields mean is the console's business.

// Dashboard is a dashboard as GET and PUT /api/dashboards/{id} carry it.
type Dashboard struct {
	ID      string            `json:"id"`   // from the URL
	Name    string            `json:"name"` // for people
	Port    string            `json:"port"` // whose values and controls it shows
	Widgets []json.RawMessage `json:"widgets"`
	// Set by the server when it saves the dashboard; ignored in a PUT.
	Updated *time.Time `json:"updated,omitempty"`
	By      string     `json:"by,omitempty"`
}

// DashboardSummary is an item of GET /api/dashboards.
type DashboardSummary struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Port    string     `json:"port"`
	Widgets int        `json:"widgets"`
	Updated *time.Time `json:"updated,omitempty"`
	By      string     `json:"by,omitempty"`
}

// Limits of a dashboard.
const (
	MaxDashboardSize    = 256 << 10 // bytes of its JSON
	MaxDashboardWidgets = 200
	MaxDashboardName    = 100 // bytes
)

// WidgetTypes are the widgets a dashboard may hold.
var WidgetTypes = map[string]bool{
	// Showing values.
	"value": true, "gauge": true, "plot": true, "xy": true, "bar": true, "led": true,
	"track": true, "table": true, "log": true,
	// Controls, which send templated commands.
	"button": true, "toggle": true, "slider": true, "number": true, "text": true,
}

var dashboardID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidDashboardID reports whether id may name a dashboard: 1 to 64
// letters, digits, '.', '_' or '-', not starting with '.', '_' or '-'.
func ValidDashboardID(id string) bool { return dashboardID.MatchString(id) }

// ParseDashboard decodes and checks a dashboard's body for id: its name,
// its port's name, and each widget an object with a string "id", unique,
// and a known "type". Errors are *RequestError.
func ParseDashboard(id string, body []byte) (Dashboard, error) {
	bad := func(format string, args ...any) (Dashboard, error) {
		return Dashboard{}, &RequestError{Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
	}
	if !ValidDashboardID(id) {
		return bad("dashboard id %q: use 1 to 64 letters, digits, '.', '_' or '-'", id)
	}
	if len(body) > MaxDashboardSize {
		return Dashboard{}, &RequestError{Code: CodeTooLarge, Message: fmt.Sprintf("dashboard of %d bytes is over the limit of %d", len(body), MaxDashboardSize)}
	}
	var d Dashboard
	if err := decodeBody(body, &d); err != nil {
		return Dashboard{}, err
	}
	if d.ID != "" && d.ID != id {
		return bad("dashboard: its id %q is not the URL's %q", d.ID, id)
	}
	d.ID, d.Updated, d.By = id, nil, ""
	switch {
	case d.Name == "" || len(d.Name) > MaxDashboardName:
		return bad("dashboard: a name of 1 to %d bytes is required", MaxDashboardName)
	case d.Port == "":
		return bad("dashboard: the port it shows is required (\"port\")")
	case len(d.Widgets) > MaxDashboardWidgets:
		return bad("dashboard: %d widgets, at most %d", len(d.Widgets), MaxDashboardWidgets)
	}
	ids := map[string]bool{}
	for i, raw := range d.Widgets {
		var w struct {
			ID   *string `json:"id"`
			Type *string `json:"type"`
		}
		if err := json.Unmarshal(raw, &w); err != nil || len(raw) == 0 || raw[0] != '{' {
			return bad("widgets[%d]: want an object with a string id and type", i)
		}
		switch {
		case w.ID == nil || *w.ID == "" || len(*w.ID) > 64:
			return bad("widgets[%d]: an id of 1 to 64 bytes is required", i)
		case ids[*w.ID]:
			return bad("widgets[%d]: id %q is used twice", i, *w.ID)
		case w.Type == nil || !WidgetTypes[*w.Type]:
			return bad("widgets[%d]: type %s is not a widget: want value, gauge, plot, xy, bar, led, track, table, log, button, toggle, slider, number or text", i, quoteOrNone(w.Type))
		}
		ids[*w.ID] = true
	}
	if d.Widgets == nil {
		d.Widgets = []json.RawMessage{}
	}
	return d, nil
}

func quoteOrNone(s *string) string {
	if s == nil {
		return "(none)"
	}
	return fmt.Sprintf("%q", *s)
}
