// phin-cosim shim: a C ABI over one Verilated model (class Vdut, from `verilator --prefix Vdut`).
//
// Inputs are written and compared signals read through the pointers Verilator's scope tables
// give for the variables marked public in the generated .vlt (public_flat_rd / public_flat_rw),
// looked up once at construction. Every tick is one FFI call that writes all inputs, clocks the
// model and copies every compared signal into one snapshot array: no VPI, no per-signal call.
#include "Vdut.h"
#include "verilated.h"
#include "verilated_syms.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Var {
    void* p;
    int vltype;
    int width;      // width compared or driven: the slice width for a slice
    int words;      // 64-bit words in a snapshot
    int lsb;        // a slice [lsb + width - 1 : lsb] of a wider vector, or -1 for the whole
    int var_width;  // declared width of the variable
};

// Widest vector a slice may be taken from (bits).
constexpr int MAX_SLICED_WIDTH = 256;

struct Sim {
    VerilatedContext* ctx;
    Vdut* top;
    std::vector<Var> ins;
    std::vector<Var> sigs;
    Var clk_en;
    bool has_clk_en;
};

bool find(VerilatedContext* ctx, const std::string& scope, const char* var, Var* out, char* err,
          int errlen) {
    const VerilatedScopeNameMap* m = ctx->scopeNameMap();
    if (!m) {
        std::snprintf(err, errlen, "the model has no scope table (no public signals?)");
        return false;
    }
    auto it = m->find(scope.c_str());
    if (it == m->end()) {
        std::snprintf(err, errlen, "no scope %s in the RTL", scope.c_str());
        return false;
    }
    const VerilatedVarNameMap* vm = it->second->varsp();
    if (!vm) {
        std::snprintf(err, errlen, "scope %s has no public variables", scope.c_str());
        return false;
    }
    auto v = vm->find(var);
    if (v == vm->end()) {
        std::snprintf(err, errlen, "no signal %s in scope %s of the RTL", var, scope.c_str());
        return false;
    }
    const VerilatedVar& vv = v->second;
    if (vv.dims() > 1 || vv.udims() > 0) {
        std::snprintf(err, errlen, "signal %s.%s is an array; only vectors can be compared",
                      scope.c_str(), var);
        return false;
    }
    out->p = vv.datap();
    out->vltype = static_cast<int>(vv.vltype());
    out->width = vv.packed().elements();
    out->var_width = out->width;
    out->words = (out->width + 63) / 64;
    out->lsb = -1;
    return true;
}

// Narrows `v` to the slice [lsb + width - 1 : lsb] (lsb < 0: the whole vector).
bool slice(Var* v, int lsb, int width, const char* var, char* err, int errlen) {
    if (lsb < 0) return true;
    if (width < 1 || width > 64 || lsb + width > v->var_width || v->var_width > MAX_SLICED_WIDTH) {
        std::snprintf(err, errlen, "slice [%d:%d] does not fit signal %s (%d bits)",
                      lsb + width - 1, lsb, var, v->var_width);
        return false;
    }
    v->lsb = lsb;
    v->width = width;
    v->words = 1;
    return true;
}

inline void read_whole(const Var& v, uint64_t* dst) {
    switch (v.vltype) {
        case VLVT_UINT8: dst[0] = *static_cast<const CData*>(v.p); break;
        case VLVT_UINT16: dst[0] = *static_cast<const SData*>(v.p); break;
        case VLVT_UINT32: dst[0] = *static_cast<const IData*>(v.p); break;
        case VLVT_UINT64: dst[0] = *static_cast<const QData*>(v.p); break;
        case VLVT_WDATA: {
            const EData* w = static_cast<const EData*>(v.p);
            int n32 = (v.var_width + 31) / 32;
            for (int k = 0; k < (v.var_width + 63) / 64; ++k) {
                uint64_t lo = (2 * k < n32) ? w[2 * k] : 0;
                uint64_t hi = (2 * k + 1 < n32) ? w[2 * k + 1] : 0;
                dst[k] = lo | (hi << 32);
            }
            break;
        }
        default: dst[0] = 0; break;
    }
}

inline void write_whole(const Var& v, const uint64_t* src) {
    switch (v.vltype) {
        case VLVT_UINT8: *static_cast<CData*>(v.p) = static_cast<CData>(src[0]); break;
        case VLVT_UINT16: *static_cast<SData*>(v.p) = static_cast<SData>(src[0]); break;
        case VLVT_UINT32: *static_cast<IData*>(v.p) = static_cast<IData>(src[0]); break;
        case VLVT_UINT64: *static_cast<QData*>(v.p) = static_cast<QData>(src[0]); break;
        case VLVT_WDATA: {
            EData* w = static_cast<EData*>(v.p);
            int n32 = (v.var_width + 31) / 32;
            for (int k = 0; k < n32; ++k) {
                w[k] = static_cast<EData>(src[k / 2] >> (32 * (k % 2)));
            }
            break;
        }
        default: break;
    }
}

// Bit k of a little-endian word array.
inline uint64_t bit(const uint64_t* w, int k) { return (w[k / 64] >> (k % 64)) & 1u; }

inline void read_var(const Var& v, uint64_t* dst) {
    if (v.lsb < 0) {
        read_whole(v, dst);
        return;
    }
    uint64_t full[MAX_SLICED_WIDTH / 64] = {0};
    read_whole(v, full);
    uint64_t r = 0;
    for (int k = 0; k < v.width; ++k) r |= bit(full, v.lsb + k) << k;
    dst[0] = r;
}

// A slice is written read-modify-write, so the slices of one input port compose.
inline void write_var(const Var& v, const uint64_t* src) {
    if (v.lsb < 0) {
        write_whole(v, src);
        return;
    }
    uint64_t full[MAX_SLICED_WIDTH / 64] = {0};
    read_whole(v, full);
    for (int k = 0; k < v.width; ++k) {
        int b = v.lsb + k;
        uint64_t m = uint64_t{1} << (b % 64);
        full[b / 64] = ((src[0] >> k) & 1u) ? (full[b / 64] | m) : (full[b / 64] & ~m);
    }
    write_whole(v, full);
}

// Verilator keeps a per-thread "current context" that some of its code uses instead of the
// model's own: a scope's destructor unregisters itself from it, and a new context makes itself
// current. With several models on one thread (RTL against RTL, a model freed while another
// lives) that pointer must be this model's context whenever this model is used or freed.
inline void use(Sim* s) { Verilated::threadContextp(s->ctx); }

inline void edge(Sim* s) {
    s->top->clk = 1;
    s->top->eval();
    s->top->clk = 0;
    s->top->eval();
}

inline void write_inputs(Sim* s, const uint64_t* in) {
    const uint64_t* p = in;
    for (const Var& v : s->ins) {
        write_var(v, p);
        p += v.words;
    }
}

inline void tick(Sim* s, int cycles) {
    if (s->has_clk_en) {
        uint64_t one = 1, zero = 0;
        write_var(s->clk_en, &one);
        edge(s);
        // clk_en falls with no eval of its own: nothing registers before the next rising edge,
        // and the next tick evaluates with its own inputs. Two evals per tick, no more.
        write_var(s->clk_en, &zero);
        for (int c = 1; c < cycles; ++c) edge(s);
    } else {
        for (int c = 0; c < cycles; ++c) edge(s);
    }
}

}  // namespace

extern "C" {

// Creates one model. `top` is the RTL top module name; `sig_scopes`/`sig_vars` name each compared
// signal as (scope relative to the top, "" for the top itself; variable), `sig_lsb`/`sig_width`
// select a slice of it (lsb -1: the whole variable); `in_names`, `in_lsb`, `in_width` likewise
// the input ports other than clk and rst. Returns NULL and fills `err` on failure.
void* phin_new(const char* top, const char* const* sig_scopes, const char* const* sig_vars,
               const int* sig_lsb, const int* sig_width, int nsig, const char* const* in_names,
               const int* in_lsb, const int* in_width, int nin, int has_clk_en, char* err,
               int errlen) {
    Sim* s = new Sim;
    s->ctx = new VerilatedContext;
    s->ctx->fatalOnError(false);
    s->top = new Vdut{s->ctx, "TOP"};
    std::string base = std::string("TOP.") + top;
    // Input ports are written in the port shell's scope ("TOP.TOP", the model's own name): the
    // copies inside the top module's scope are overwritten from the ports on every eval.
    std::string ports = "TOP.TOP";
    s->has_clk_en = has_clk_en != 0;
    bool ok = true;
    if (s->has_clk_en) ok = find(s->ctx, ports, "clk_en", &s->clk_en, err, errlen);
    for (int k = 0; ok && k < nin; ++k) {
        Var v;
        ok = find(s->ctx, ports, in_names[k], &v, err, errlen) &&
             slice(&v, in_lsb[k], in_width[k], in_names[k], err, errlen);
        if (ok) s->ins.push_back(v);
    }
    for (int k = 0; ok && k < nsig; ++k) {
        Var v;
        std::string scope = sig_scopes[k][0] ? base + "." + sig_scopes[k] : base;
        ok = find(s->ctx, scope, sig_vars[k], &v, err, errlen) &&
             slice(&v, sig_lsb[k], sig_width[k], sig_vars[k], err, errlen);
        if (ok) s->sigs.push_back(v);
    }
    if (!ok) {
        delete s->top;
        delete s->ctx;
        delete s;
        return nullptr;
    }
    s->top->clk = 0;
    s->top->rst = 0;
    s->top->eval();
    return s;
}

void phin_free(void* h) {
    Sim* s = static_cast<Sim*>(h);
    if (!s) return;
    use(s);
    s->top->final();
    delete s->top;
    delete s->ctx;
    delete s;
}

// Width in bits of compared signal k and of input k (for checking the model's table).
int phin_sig_width(void* h, int k) { return static_cast<Sim*>(h)->sigs[k].width; }
int phin_in_width(void* h, int k) { return static_cast<Sim*>(h)->ins[k].width; }

// Synchronous reset: rst high for `cycles` rising edges with clk_en low and all inputs zero.
void phin_reset(void* h, int cycles) {
    Sim* s = static_cast<Sim*>(h);
    use(s);
    uint64_t zero[4] = {0, 0, 0, 0};
    for (const Var& v : s->ins) write_var(v, zero);
    if (s->has_clk_en) write_var(s->clk_en, zero);
    s->top->rst = 1;
    for (int c = 0; c < cycles; ++c) edge(s);
    s->top->rst = 0;
    s->top->eval();
}

// One tick: write every input, one clock-enable edge (or `cycles` clock edges when the model
// owns its clock enable), then copy every compared signal into `snap`.
void phin_step(void* h, const uint64_t* in, uint64_t* snap, int cycles) {
    Sim* s = static_cast<Sim*>(h);
    use(s);
    write_inputs(s, in);
    tick(s, cycles);
    uint64_t* p = snap;
    for (const Var& v : s->sigs) {
        read_var(v, p);
        p += v.words;
    }
}

// Copies every compared signal into `snap` without clocking.
void phin_sample(void* h, uint64_t* snap) {
    Sim* s = static_cast<Sim*>(h);
    uint64_t* p = snap;
    for (const Var& v : s->sigs) {
        read_var(v, p);
        p += v.words;
    }
}

// Runs `nticks` ticks from a stimulus buffer of `nticks` rows of `stride` words, without
// snapshots: the speed of the Verilated model alone, for `phin bench`.
void phin_run(void* h, const uint64_t* in, uint64_t stride, uint64_t nticks, int cycles) {
    Sim* s = static_cast<Sim*>(h);
    use(s);
    for (uint64_t t = 0; t < nticks; ++t) {
        write_inputs(s, in + t * stride);
        tick(s, cycles);
    }
}

// Lists every variable of the model's scope table, one line each:
// "scope<TAB>var<TAB>packed width<TAB>unpacked dims", parameters left out. Writes at most `len`
// bytes (NUL-terminated) into `buf` and returns the length the whole list needs.
int phin_list(void* h, char* buf, int len) {
    Sim* s = static_cast<Sim*>(h);
    std::string out;
    const VerilatedScopeNameMap* m = s->ctx->scopeNameMap();
    if (m) {
        for (const auto& sc : *m) {
            const VerilatedVarNameMap* vm = sc.second->varsp();
            if (!vm) continue;
            for (const auto& v : *vm) {
                if (v.second.isParam()) continue;
                out += sc.first;
                out += '\t';
                out += v.first;
                out += '\t';
                out += std::to_string(v.second.packed().elements());
                out += '\t';
                out += std::to_string(v.second.udims());
                out += '\n';
            }
        }
    }
    if (buf && len > 0) {
        int n = static_cast<int>(out.size()) < len - 1 ? static_cast<int>(out.size()) : len - 1;
        std::memcpy(buf, out.data(), n);
        buf[n] = 0;
    }
    return static_cast<int>(out.size());
}

}  // extern "C"
