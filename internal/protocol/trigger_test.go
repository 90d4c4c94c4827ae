package protocol

import (
	"errors"
	"testing"
	"time"
)

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":             "plain",
		`reboot\r\n`:        "reboot\r\n",
		`\x03\xff\x00`:      "\x03\xff\x00",
		`a\\b`:              `a\b`,
		"real\r\nbreaks\\t": "real\r\nbreaks\t",
		`\u00e9`:            "é",
	} {
		got, err := Unescape(in)
		if err != nil || string(got) != want {
			t.Errorf("Unescape(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`\q`, `\x4`, `trailing\`} {
		if _, err := Unescape(bad); err == nil {
			t.Errorf("Unescape(%q) took it", bad)
		}
	}
}

func TestParseTriggerDefaults(t *testing.T) {
	p, err := ParseTrigger([]byte(`{"on":"modem","line":"dcd","actions":[{"note":"carrier"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Spec.Line != "DCD" || p.Spec.Edge != "any" || p.Holdoff != DefaultHoldoff || p.Spec.Holdoff != "1s" || p.Pattern != nil || p.HasWebhook() {
		t.Fatalf("%+v", p)
	}
	p, err = ParseTrigger([]byte(`{"id":"boot","on":"sent","pattern":"reboot","holdoff":"0s","actions":[{"send":"\\x03"},{"webhook":"https://h.example/x"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Holdoff != 0 || string(p.Send[0]) != "\x03" || p.Send[1] != nil || !p.HasWebhook() || p.Spec.ID != "boot" {
		t.Fatalf("%+v", p)
	}
	if _, err := ParseTrigger([]byte(`{"on":"sent","pattern":"x","holdoff":"25h","actions":[{"note":"x"}]}`)); err == nil {
		t.Error("a hold-off over MaxHoldoff was taken")
	}
}

// FuzzParseTrigger: a trigger from the network either parses into one the
// engine can run, or is refused with a RequestError; never a panic.
func FuzzParseTrigger(f *testing.F) {
	for _, s := range []string{
		`{"on":"received","pattern":"login: ","holdoff":"5s","actions":[{"webhook":"https://h.example/x"},{"notice":"login"}]}`,
		`{"id":"cts","on":"modem","line":"CTS","edge":"rise","actions":[{"send":"\\r\\n\\x03"}]}`,
		`{"on":"sent","pattern":"(","actions":[{"note":"x"}]}`, `{"on":"received","pattern":"a*","actions":[{"note":"x"}]}`,
		`{}`, `[]`, `{"on":"modem","line":"RI","actions":[{}]}`, `{"on":"received","pattern":"x","actions":[{"send":"\\xZZ"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseTrigger(b)
		if err != nil {
			var re *RequestError
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("ParseTrigger(%q): %v, not a RequestError with a message", b, err)
			}
			return
		}
		switch p.Spec.On {
		case TriggerReceived, TriggerSent:
			if p.Pattern == nil || p.Pattern.Match(nil) {
				t.Fatalf("ParseTrigger(%q): pattern %v", b, p.Pattern)
			}
		case TriggerModem:
			if p.Spec.Line == "" || p.Spec.Edge == "" {
				t.Fatalf("ParseTrigger(%q): line %q edge %q", b, p.Spec.Line, p.Spec.Edge)
			}
		default:
			t.Fatalf("ParseTrigger(%q) took on %q", b, p.Spec.On)
		}
		if len(p.Spec.Actions) == 0 || len(p.Send) != len(p.Spec.Actions) || p.Holdoff < 0 || p.Holdoff > MaxHoldoff {
			t.Fatalf("ParseTrigger(%q) took %+v", b, p)
		}
		if d, err := time.ParseDuration(p.Spec.Holdoff); err != nil || d != p.Holdoff {
			t.Fatalf("ParseTrigger(%q): holdoff %q", b, p.Spec.Holdoff)
		}
		if p.Spec.ID != "" && !ValidTriggerID(p.Spec.ID) {
			t.Fatalf("ParseTrigger(%q): id %q", b, p.Spec.ID)
		}
	})
}
