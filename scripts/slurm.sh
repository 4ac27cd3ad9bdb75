#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the sweep's cluster test (docs/cluster.md).
#
#   scripts/slurm.sh start   install Slurm (slurmctld, slurmd, slurm-client: Debian's slurm-wlm
#                            without its plugin packages) and munge with apt-get when missing, write
#                            /etc/slurm/slurm.conf (one node: this host, all its CPUs), start
#                            munged, slurmctld and slurmd, and wait until the node is idle
#   scripts/slurm.sh stop    cancel this cluster's jobs, stop the three daemons by their process
#                            ids, and remove everything start made (state, spool, logs, the
#                            config and the munge key if start wrote them), so a second start
#                            begins from nothing
#   scripts/slurm.sh status  sinfo and the daemons' pids
#
# Runs as root (the daemons run as root: munged as the munge user cannot open /dev/null on these
# machines, and there are no cgroups, hence proctrack/linuxproc and task/none). The state lives
# in $PHIN_SLURM_DIR (default /tmp/phin-slurm). A config or key that start did not write is
# never touched.
set -euo pipefail

state=${PHIN_SLURM_DIR:-/tmp/phin-slurm}
conf=/etc/slurm/slurm.conf
key=/etc/munge/munge.key
mark="# written by phin scripts/slurm.sh"

log() { echo "slurm.sh: $*"; }

# The pid in a pidfile if that process is alive.
alive() {
    local f=$1 pid
    [ -f "$f" ] || return 1
    pid=$(cat "$f")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "slurm.sh: start needs root (it installs packages and runs the daemons)" >&2
        exit 2
    fi
    if [ -e "$state/running" ]; then
        echo "slurm.sh: $state/running exists: stop the cluster first (scripts/slurm.sh stop)" >&2
        exit 2
    fi
    local need=()
    # The daemons and the client commands only: the slurm-wlm metapackage would add some forty
    # plugin and -dev packages (HDF5, IPMI, ROCm …) that a one-node test never loads.
    command -v slurmctld >/dev/null 2>&1 || need+=(slurmctld)
    command -v slurmd >/dev/null 2>&1 || need+=(slurmd)
    command -v sbatch >/dev/null 2>&1 || need+=(slurm-client)
    command -v munged >/dev/null 2>&1 || need+=(munge)
    if [ ${#need[@]} -gt 0 ]; then
        log "installing ${need[*]} with apt-get"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    if [ -e "$conf" ] && ! grep -qF "$mark" "$conf"; then
        echo "slurm.sh: $conf exists and was not written by this script; not touching it" >&2
        exit 2
    fi
    rm -rf "$state"
    mkdir -p "$state/ctld" "$state/spool" /etc/slurm /run/munge /var/log/munge /var/lib/munge
    touch "$state/running"

    if [ ! -s "$key" ]; then
        mkdir -p /etc/munge
        dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
        chown munge:munge "$key" 2>/dev/null || true
        chmod 400 "$key"
        touch "$state/made-key"
    fi
    # As root, with --force: munged refuses root-owned paths and the munge user cannot open
    # /dev/null here.
    munged --force --foreground >"$state/munged.log" 2>&1 &
    echo $! >"$state/munged.pid"
    for _ in $(seq 50); do
        munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
        sleep 0.1
    done
    munge -n | unmunge >/dev/null

    local host cpus mem
    host=$(hostname -s)
    cpus=$(nproc)
    # A little under the machine's memory, MiB.
    mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
    cat >"$conf" <<EOF
$mark; scripts/slurm.sh stop removes it.
ClusterName=phin
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pidfile
SlurmdPidFile=$state/slurmd.pidfile
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=phin Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    slurmctld -D -i >>"$state/slurmctld.log" 2>&1 &
    echo $! >"$state/slurmctld.pid"
    slurmd -D >>"$state/slurmd.log" 2>&1 &
    echo $! >"$state/slurmd.pid"
    for _ in $(seq 120); do
        if [ "$(sinfo -h -o %T 2>/dev/null | head -n 1)" = "idle" ]; then
            log "node $host idle ($cpus CPUs, $mem MiB); state in $state"
            return 0
        fi
        sleep 0.5
    done
    echo "slurm.sh: the node did not become idle within 60 s; logs in $state" >&2
    sinfo >&2 || true
    tail -n 20 "$state/slurmctld.log" "$state/slurmd.log" >&2 || true
    exit 1
}

stop() {
    if [ -e "$state/slurmctld.pid" ] && alive "$state/slurmctld.pid" >/dev/null; then
        squeue -h -o %A 2>/dev/null | sort -u | xargs -r scancel --quiet 2>/dev/null || true
    fi
    # SIGTERM to all three at once (each takes a second or two to shut down), then wait for each,
    # SIGKILL after 5 s.
    local d pid pids=()
    for d in slurmd slurmctld munged; do
        pid=$(alive "$state/$d.pid") || continue
        kill "$pid" 2>/dev/null || true
        pids+=("$d:$pid")
    done
    for d in "${pids[@]}"; do
        pid=${d#*:}
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
        log "stopped ${d%%:*} ($pid)"
    done
    if [ -e "$conf" ] && grep -qF "$mark" "$conf"; then
        rm -f "$conf"
    fi
    if [ -e "$state/made-key" ]; then
        rm -f "$key"
    fi
    rm -rf "$state"
}

status() {
    local d
    for d in munged slurmctld slurmd; do
        echo "$d: $(alive "$state/$d.pid" || echo stopped)"
    done
    sinfo 2>/dev/null || true
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: scripts/slurm.sh start|stop|status" >&2
    exit 2
    ;;
esac
