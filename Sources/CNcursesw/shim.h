#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <termios.h>

/* Globals and macros that do not import into Swift 6 safely, exposed as functions. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cnc_stdout(void) { return stdout; }
static inline FILE *cnc_stdin(void) { return stdin; }
static inline void cnc_write_stdout(const char *s) { fputs(s, stdout); fflush(stdout); }
static inline int cnc_err(void) { return ERR; }
static inline int cnc_ok(void) { return OK; }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }

static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_italic(void) { return A_ITALIC; }

static inline int cnc_key_f(int n) { return KEY_F(n); }
static inline int cnc_key_resize(void) { return KEY_RESIZE; }
static inline int cnc_key_mouse(void) { return KEY_MOUSE; }

static inline mmask_t cnc_mouse_mask(void) {
    return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
        | BUTTON5_PRESSED
#endif
        ;
}
static inline int cnc_mouse_is_wheel_up(mmask_t s) { return (s & BUTTON4_PRESSED) != 0; }
static inline int cnc_mouse_is_wheel_down(mmask_t s) {
#ifdef BUTTON5_PRESSED
    return (s & BUTTON5_PRESSED) != 0;
#else
    return 0;
#endif
}
static inline int cnc_mouse_is_click(mmask_t s) {
    return (s & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)) != 0;
}

/* Draw one cell: a base character plus up to 4 combining marks, with attributes and a colour pair. */
static inline int cnc_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, chars, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

static inline int cnc_is_utf8_codeset(void) {
    const char *cs = nl_langinfo(CODESET);
    if (!cs) return 0;
    return (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}

/* Terminal restore on every exit path: normal exit (atexit), SIGINT, SIGTERM, SIGHUP, and fatal
   signals (Swift traps raise SIGILL/SIGTRAP, crashes SIGSEGV/SIGBUS/SIGABRT). */
static volatile sig_atomic_t cnc_screen_active = 0;

static void cnc_restore_terminal(void) {
    if (cnc_screen_active) {
        cnc_screen_active = 0;
        /* Bracketed paste off again (write(2) is safe in a signal handler). */
        (void)!write(STDOUT_FILENO, "\033[?2004l", 8);
        endwin();
        fflush(stdout);
    }
}

static void cnc_fatal_signal(int sig) {
    cnc_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void cnc_install_restore_guards(void) {
    static int installed = 0;
    cnc_screen_active = 1;
    if (installed) return;
    installed = 1;
    atexit(cnc_restore_terminal);
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) signal(sigs[i], cnc_fatal_signal);
}

static inline void cnc_end_screen(void) { cnc_restore_terminal(); }

/* Ctrl+C reaches the program as a key (byte 3) rather than as SIGINT, so the console can ask
   before unsaved work is lost; Ctrl+Z and Ctrl+\ keep their signals. The shell's own settings
   come back at exit (ncurses saved them when it started). */
static inline void cnc_keep_ctrl_c_as_key(void) {
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) == 0) {
        t.c_cc[VINTR] = _POSIX_VDISABLE;
        tcsetattr(STDIN_FILENO, TCSANOW, &t);
        def_prog_mode();
    }
}

/* Whether the terminal can move the cursor (terminfo cup): TERM=dumb and the like cannot draw a screen. */
static inline int cnc_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

/* Bracketed paste: the terminal wraps pasted text in ESC[200~ ... ESC[201~, which get_wch then
   reports as these two key codes, so a paste is never read as typed keys. */
static inline int cnc_key_paste_start(void) { return KEY_MAX + 1; }
static inline int cnc_key_paste_end(void) { return KEY_MAX + 2; }
static inline void cnc_enable_bracketed_paste(void) {
    define_key("\033[200~", KEY_MAX + 1);
    define_key("\033[201~", KEY_MAX + 2);
    fputs("\033[?2004h", stdout);
    fflush(stdout);
}

#endif
