package decode

import "testing"

func TestCSV(t *testing.T) {
	runCases(t, Spec{Name: CSV}, []decodeCase{
		{"auto header", "time,temp,hum\r\n12:00:01,21.5,40\n12:00:02,21.6,41\n", []string{`time="12:00:01" temp=21.5 hum=40`, `time="12:00:02" temp=21.6 hum=41`}, 0},
		{"auto, numbers first: no header", "1,2.5,-3\n4, 5 ,6\n", []string{"value 1=1 value 2=2.5 value 3=-3", "value 1=4 value 2=5 value 3=6"}, 0},
		{"quoted fields", "name,note\n\"a, b\",\"say \"\"hi\"\"\"\n", []string{`name="a, b" note="say \"hi\""`}, 0},
		{"empty field: no value", "a,b,c\n1,,3\n", []string{"a=1 c=3"}, 0},
		{"wrong field count is an error", "a,b\n1,2\n1,2,3\n1\n4,5\n", []string{"a=1 b=2", "a=4 b=5"}, 2},
		{"unclosed quote is an error", "a,b\n\"1,2\n3,4\n", []string{"a=3 b=4"}, 1},
		{"header twice a name is an error", "a,a\n1,2\n", []string{"value 1=1 value 2=2"}, 1},
		{"blank lines", "\n\na,b\n\n1,2\n", []string{"a=1 b=2"}, 0},
	})
	runCases(t, Spec{Name: CSV, Header: "false", Columns: []string{"x", "y"}}, []decodeCase{
		{"columns, no header", "1;2,3\nx,y\n", []string{`x="1;2" y=3`, `x="x" y="y"`}, 0},
	})
	runCases(t, Spec{Name: CSV, Header: "true", Separator: ";"}, []decodeCase{
		{"header true, separator ;", "1;2\n3;4,5\n", []string{`1=3 2="4,5"`}, 0},
	})
	runCases(t, Spec{Name: CSV, Header: "true", Separator: "\t", Columns: []string{"p", "q"}}, []decodeCase{
		{"header skipped, columns win", "a\tb\n1\t2\n", []string{"p=1 q=2"}, 0},
	})
}

func TestJSON(t *testing.T) {
	runCases(t, Spec{Name: JSON}, []decodeCase{
		{"flat", `{"temp":21.5,"unit":"C","ok":true,"off":false,"none":null}` + "\n", []string{`temp=21.5 unit="C" ok=1 off=0`}, 0},
		{"nested and arrays, in order", `{"a":{"b":1,"c":{"d":2}},"e":[3,4,{"f":5}],"g":[]}` + "\r\n", []string{"a.b=1 a.c.d=2 e.0=3 e.1=4 e.2.f=5"}, 0},
		{"not an object", "[1,2]\n42\n\"x\"\n{\"a\":1}\n", []string{"a=1"}, 3},
		{"broken and trailing", "{\"a\":1\n{\"a\":1} x\n{\"a\":1}{\"b\":2}\n{a:1}\n", nil, 4},
		{"number out of range", `{"a":1e999}` + "\n" + `{"a":-1e-999}` + "\n", []string{"a=-0"}, 1},
		{"a key twice: the last", `{"a":1,"a":2}` + "\n", []string{"a=2"}, 0},
		{"an empty name is an error", `{"":1}` + "\n" + `{"a":{"":1}}` + "\n", nil, 2},
		{"blank", "\n  \n", nil, 0},
	})
	many := `{"a":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,[1],{"x":1}]}` + "\n"
	got, errs := decodeAll(t, Spec{Name: JSON}, many)
	if len(got) != 1 || errs != 0 || got[0] != "a.0=0 a.1=1 a.2=2 a.3=3 a.4=4 a.5=5 a.6=6 a.7=7 a.8=8 a.9=9 a.10=10 a.11=11 a.12=12 a.13=13 a.14=14 a.15=15" {
		t.Errorf("an array of 20: %q, %d errors; want its first 16", got, errs)
	}
	got, _ = decodeAll(t, Spec{Name: JSON, MaxArray: 2}, many)
	if len(got) != 1 || got[0] != "a.0=0 a.1=1" {
		t.Errorf("max-array 2: %q", got)
	}
}

func TestKV(t *testing.T) {
	runCases(t, Spec{Name: KV}, []decodeCase{
		{"spaces", "temp=21.5 hum=40\n", []string{"temp=21.5 hum=40"}, 0},
		{"commas, semicolons, colons", "a:1,b=2;c:x\r\n", []string{`a=1 b=2 c="x"`}, 0},
		{"spaces around =", "t = 3 , u= 4\n", []string{"t=3 u=4"}, 0},
		{"quoted text", `msg="hello world" n=1` + "\n", []string{`msg="hello world" n=1`}, 0},
		{"pieces without = are skipped", "OK temp=20 !\n", []string{"temp=20"}, 0},
		{"no pair is an error", "booting...\n= 5\n\n", nil, 2},
		{"a key twice: the last", "a=1 a=2\n", []string{"a=2"}, 0},
	})
	runCases(t, Spec{Name: KV, Separator: "|", Assign: ":"}, []decodeCase{
		{"own separator and assign", "a:1|b c:2|d=3\n", []string{"a=1 c=2"}, 0},
	})
}

func TestRegex(t *testing.T) {
	spec := Spec{Name: Regex, Pattern: `^T=(?P<temp>-?[\d.]+)C H=(?P<hum>\d+)%(?: (?P<state>\w+))?`}
	runCases(t, spec, []decodeCase{
		{"matches", "T=21.5C H=40% ok\r\nT=-3C H=90%\n", []string{`temp=21.5 hum=40 state="ok"`, "temp=-3 hum=90"}, 0},
		{"no match is an error", "T=?C H=1%\nhello\n\n", nil, 2},
	})
}
