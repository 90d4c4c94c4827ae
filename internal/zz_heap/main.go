package main

import (
	"bufio"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/serialhub/serialhub/internal/hub"
	"github.com/serialhub/serialhub/internal/server"
)

func main() {
	h, _ := hub.New([]hub.Config{{Name: "loop", Device: "loop://", Logger: slog.New(slog.DiscardHandler)}})
	srv, _ := server.New(server.Config{Hub: h, MaxClients: 5000, MaxClientsPerPort: 5000, Logger: slog.New(slog.DiscardHandler)})
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go http.Serve(ln, srv)
	cmd := exec.Command("/tmp/memprobe/probe", "ws://"+ln.Addr().String()+"/ws/loop?replay=0", "1000", strconv.Itoa(os.Getpid()))
	out, _ := cmd.StdoutPipe()
	cmd.Start()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "connected") {
			break
		}
	}
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS") || strings.HasPrefix(l, "VmHWM") {
			fmt.Println(l)
		}
	}
	runtime.GC()
	f, _ := os.Create("/tmp/heap.prof")
	pprof.Lookup("heap").WriteTo(f, 0)
	f.Close()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("heapinuse", ms.HeapInuse>>10, "stackinuse", ms.StackInuse>>10, "sys", ms.Sys>>10, "goroutines", runtime.NumGoroutine())
	cmd.Process.Kill()
}
