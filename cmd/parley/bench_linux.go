package main

import "syscall"

// childAttr has the kernel kill a bench child when the bench dies, however it dies.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
