package job

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrBadProfile is matched by the errors of ParseProfile and Profiles.Get.
var ErrBadProfile = errors.New("invalid job profile")

// Kind is how a profile paces the lines it sends.
type Kind string

// The kinds of profile.
const (
	// KindLine sends a line and waits for its answer: a line matching
	// OK, or Error.
	KindLine Kind = "line"
	// KindGrbl counts characters: as many lines are in flight as fit in
	// the controller's receive buffer (Buffer); each ok or error frees
	// the oldest.
	KindGrbl Kind = "grbl"
	// KindMarlin numbers each line and adds a checksum (N42 G1 X10*57),
	// sends one at a time, resends from N on "Resend: N", and a busy
	// line extends the timeout.
	KindMarlin Kind = "marlin"
	// KindDelay waits a fixed time after each line (Delay) or between
	// characters (CharDelay): for devices that acknowledge nothing.
	KindDelay Kind = "delay"
)

// OnError says what a job does when its device answers with an error, or
// does not answer in time.
type OnError string

// What a job does on an error.
const (
	Stop  OnError = "stop"  // the job fails
	Pause OnError = "pause" // the job pauses: resume goes on, cancel ends it
)

// Others says what other clients' writes meet while a job runs.
type Others string

// The rules for other clients.
const (
	Refuse Others = "refuse" // refused with a clear error ("job")
	Wait   Others = "wait"   // they wait until the job ends
)

// Comments is how a profile strips comments from a file's lines.
type Comments string

// The ways to strip comments.
const (
	// CommentsGcode strips ';' to the end of the line, '(' … ')' and, as
	// grbl senders do, a line that is only '%'; then spaces at both ends.
	CommentsGcode Comments = "gcode"
	// CommentsNone strips nothing but the line ending (a line of spaces
	// still counts as blank).
	CommentsNone Comments = "none"
)

// Profile says how a job talks to its device. Blank lines are always
// skipped; what else is stripped is Comments.
type Profile struct {
	Name string // line, grbl, marlin, delay, or a custom profile's
	Kind Kind

	OK     *regexp.Regexp // an acknowledgement
	Error  *regexp.Regexp // an error: the job stops or pauses (OnError); its first group, if any, is the code
	Resend *regexp.Regexp // KindMarlin: a request to resend from the line number in its first group
	Busy   *regexp.Regexp // the device is busy: the timeout starts again
	// Ignore: an answer that matches Error but is not one (Marlin's
	// checksum errors, which a resend follows).
	Ignore *regexp.Regexp
	// Reset: the device started again (its banner): what was in flight
	// is lost, and the job pauses.
	Reset *regexp.Regexp

	Timeout   time.Duration // longest wait for an answer; 0: none
	OnError   OnError
	Buffer    int           // KindGrbl: the controller's receive buffer, in bytes
	Delay     time.Duration // KindDelay: after each line
	CharDelay time.Duration // KindDelay: between a line's characters
	Others    Others
	Comments  Comments
	EOL       string // what ends each line sent: "\n" or "\r\n"

	// Bytes sent at once, bypassing the queue, when the job pauses,
	// resumes and is cancelled: grbl's feed hold '!', cycle start '~'
	// and soft reset 0x18.
	PauseSend, ResumeSend, CancelSend string
}

// Builtin returns the built-in profile called name.
func Builtin(name string) (Profile, bool) {
	switch Kind(name) {
	case KindLine:
		return Profile{
			Name: name, Kind: KindLine,
			OK: regexp.MustCompile(`^ok`), Error: regexp.MustCompile(`^(?i:error)`),
			Timeout: 30 * time.Second, OnError: Stop, Others: Refuse, Comments: CommentsNone, EOL: "\n",
		}, true
	case KindGrbl:
		return Profile{
			Name: name, Kind: KindGrbl,
			OK: regexp.MustCompile(`^ok`), Error: regexp.MustCompile(`^error:?(\d*)`),
			Timeout: 0, OnError: Stop, Buffer: 127, Others: Refuse, Comments: CommentsGcode, EOL: "\n",
			Reset:     regexp.MustCompile(`^Grbl \d`),
			PauseSend: "!", ResumeSend: "~", CancelSend: "\x18",
		}, true
	case KindMarlin:
		return Profile{
			Name: name, Kind: KindMarlin,
			OK: regexp.MustCompile(`^ok`), Error: regexp.MustCompile(`^Error:`),
			Resend: regexp.MustCompile(`^(?:Resend|rs)[: ]\s*N?(\d+)`), Busy: regexp.MustCompile(`^echo:\s*busy:`),
			Ignore:  regexp.MustCompile(`(?i)checksum|line ?number|expected line`),
			Reset:   regexp.MustCompile(`^start$`),
			Timeout: 30 * time.Second, OnError: Stop, Others: Refuse, Comments: CommentsGcode, EOL: "\n",
		}, true
	case KindDelay:
		return Profile{
			Name: name, Kind: KindDelay, Delay: 50 * time.Millisecond,
			OnError: Stop, Others: Refuse, Comments: CommentsNone, EOL: "\n",
		}, true
	}
	return Profile{}, false
}

// BuiltinNames are the built-in profiles.
var BuiltinNames = []string{string(KindLine), string(KindGrbl), string(KindMarlin), string(KindDelay)}

// Options are the options a profile takes: in a request's query, or a
// custom profile's table in the config file.
var Options = []string{"ok", "error", "resend", "busy", "ignore", "reset", "timeout", "on-error", "buffer", "delay", "char-delay", "others", "comments", "eol"}

// Limits of the options.
const (
	MaxBuffer  = 1 << 16
	MaxTimeout = time.Hour
	MaxDelay   = time.Minute
)

// With returns p changed by opts (Options; a value of "" leaves an option
// as it is).
func (p Profile) With(opts map[string]string) (Profile, error) {
	bad := func(format string, args ...any) (Profile, error) {
		return Profile{}, fmt.Errorf("%w %s: %s", ErrBadProfile, p.Name, fmt.Sprintf(format, args...))
	}
	keys := make([]string, 0, len(opts))
	for k := range opts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := opts[k]
		if v == "" {
			continue
		}
		var err error
		switch k {
		case "ok":
			p.OK, err = compile(v)
		case "error":
			p.Error, err = compile(v)
		case "resend":
			p.Resend, err = compile(v)
			if err == nil && p.Resend.NumSubexp() < 1 {
				err = errors.New("want a group for the line number, as in ^Resend: (\\d+)")
			}
		case "busy":
			p.Busy, err = compile(v)
		case "ignore":
			p.Ignore, err = compile(v)
		case "reset":
			p.Reset, err = compile(v)
		case "timeout":
			p.Timeout, err = duration(v, MaxTimeout)
		case "delay":
			p.Delay, err = duration(v, MaxDelay)
		case "char-delay":
			p.CharDelay, err = duration(v, MaxDelay)
		case "buffer":
			n, perr := strconv.Atoi(v)
			if perr != nil || n < 1 || n > MaxBuffer {
				err = fmt.Errorf("want a number of bytes from 1 to %d", MaxBuffer)
			}
			p.Buffer = n
		case "on-error":
			p.OnError = OnError(v)
			if p.OnError != Stop && p.OnError != Pause {
				err = errors.New("want stop or pause")
			}
		case "others":
			p.Others = Others(v)
			if p.Others != Refuse && p.Others != Wait {
				err = errors.New("want refuse or wait")
			}
		case "comments":
			p.Comments = Comments(v)
			if p.Comments != CommentsGcode && p.Comments != CommentsNone {
				err = errors.New("want gcode or none")
			}
		case "eol":
			switch v {
			case "lf":
				p.EOL = "\n"
			case "crlf":
				p.EOL = "\r\n"
			case "cr":
				p.EOL = "\r"
			default:
				err = errors.New("want lf, crlf or cr")
			}
		default:
			return bad("unknown option %q (want one of %s)", k, strings.Join(Options, ", "))
		}
		if err != nil {
			return bad("%s=%q: %v", k, v, err)
		}
	}
	if p.Kind == KindGrbl && p.Buffer < 1 {
		return bad("buffer must be at least 1")
	}
	return p, nil
}

func compile(expr string) (*regexp.Regexp, error) {
	if len(expr) > 512 {
		return nil, errors.New("longer than 512 characters")
	}
	return regexp.Compile(expr)
}

func duration(v string, most time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > most {
		return 0, fmt.Errorf("want a duration from 0 to %s, such as 250ms", most)
	}
	return d, nil
}

// Profiles are the profiles a server knows: the built-in ones and the
// config file's.
type Profiles struct {
	custom map[string]Profile
}

// NewProfiles checks the custom profiles: each has a name that is not a
// built-in one's, and a base that is a built-in profile.
func NewProfiles(custom []Custom) (*Profiles, error) {
	ps := &Profiles{custom: make(map[string]Profile)}
	for _, c := range custom {
		if c.Name == "" || !validName.MatchString(c.Name) {
			return nil, fmt.Errorf("%w: name %q: want letters, digits, '-' or '_'", ErrBadProfile, c.Name)
		}
		if _, builtin := Builtin(c.Name); builtin {
			return nil, fmt.Errorf("%w %s: the name of a built-in profile", ErrBadProfile, c.Name)
		}
		if _, dup := ps.custom[c.Name]; dup {
			return nil, fmt.Errorf("%w %s: defined twice", ErrBadProfile, c.Name)
		}
		base, ok := Builtin(c.Base)
		if !ok {
			return nil, fmt.Errorf("%w %s: base %q: want one of %s", ErrBadProfile, c.Name, c.Base, strings.Join(BuiltinNames, ", "))
		}
		base.Name = c.Name
		p, err := base.With(c.Options)
		if err != nil {
			return nil, err
		}
		ps.custom[c.Name] = p
	}
	return ps, nil
}

var validName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Custom is a profile of the config file: a built-in profile (Base)
// changed by Options.
type Custom struct {
	Name    string
	Base    string
	Options map[string]string
}

// Get returns the profile called name ("" is line) changed by opts.
func (ps *Profiles) Get(name string, opts map[string]string) (Profile, error) {
	if name == "" {
		name = string(KindLine)
	}
	p, ok := Builtin(name)
	if !ok && ps != nil {
		p, ok = ps.custom[name]
	}
	if !ok {
		names := slices.Clone(BuiltinNames)
		if ps != nil {
			for n := range ps.custom {
				names = append(names, n)
			}
		}
		slices.Sort(names[len(BuiltinNames):])
		return Profile{}, fmt.Errorf("%w: unknown profile %q (want one of %s)", ErrBadProfile, name, strings.Join(names, ", "))
	}
	return p.With(opts)
}

// Prepare returns the lines of file that p sends, stripped as p says,
// without their line endings; blank lines are left out. Each keeps the
// number of the file's line it came from (1 is the first).
func (p Profile) Prepare(file []byte) []Line {
	var lines []Line
	for n, text := range strings.Split(string(file), "\n") {
		text = strings.TrimRight(text, "\r")
		if p.Comments == CommentsGcode {
			text = stripGcode(text)
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		lines = append(lines, Line{Text: text, Source: n + 1})
	}
	return lines
}

// Line is a line a job sends.
type Line struct {
	Text   string // without its line ending
	Source int    // its number in the file
}

// stripGcode strips a G-code line's comments and the spaces around it.
func stripGcode(s string) string {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		s = s[:i]
	}
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			s = s[:i] // an unclosed comment runs to the end of the line
			break
		}
		s = s[:i] + s[i+j+1:]
	}
	s = strings.TrimSpace(s)
	if s == "%" {
		return ""
	}
	return s
}

// Checksum is the RepRap checksum of a numbered line: the XOR of its bytes.
func Checksum(s string) byte {
	var c byte
	for i := 0; i < len(s); i++ {
		c ^= s[i]
	}
	return c
}

// Numbered returns text as Marlin takes it: "N<n> <text>*<checksum>".
func Numbered(n int, text string) string {
	s := "N" + strconv.Itoa(n) + " " + text
	return s + "*" + strconv.Itoa(int(Checksum(s)))
}

// Realtime reports whether b is all grbl real-time commands, which the
// controller picks out of its input at once, whatever it is doing: '?',
// '!', '~', 0x18 and grbl 1.1's extended commands (0x80 and above).
func Realtime(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		switch {
		case c == '?', c == '!', c == '~', c == 0x18, c >= 0x80:
		default:
			return false
		}
	}
	return true
}
