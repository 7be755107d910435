/* Reference speed for SpeechDisentangle's log-mel front end: the same htk-style 80-bin log-mel
 * (periodic Hann, center reflect padding, power spectrum, HTK mel triangles in Hz, ln(x + 1e-6))
 * computed with FFTW3 (single precision, r2c, FFTW_MEASURE) over synthetic 16 kHz audio.
 *
 * Build: gcc -O2 -o logmel_fftw logmel_fftw.c -lfftw3f -lm
 * Run:   ./logmel_fftw [seconds=600] [n_fft=400] [sample_rate=16000] [batch=1]
 * Prints the best of 3 runs as x-real-time. Planning time is excluded (FFTW_MEASURE plans once).
 * batch = 1 (the reference `sdt bench frontend` runs): one r2c transform per frame, as most front ends do.
 * batch = B > 1: B frames per fftwf_plan_many_dft_r2c call, interleaved (frame l's sample i at i * B + l, the
 * layout SpeechDisentangle's eight-lane front end uses), so FFTW may run its SIMD codelets across frames and
 * the power / mel loops run over B frames at a time. For comparison only: on the project's 2-core VM it was
 * not faster than batch = 1 (FFTW's per-frame codelets already use SIMD within a transform). */
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double hz_to_mel(double hz) { return 2595.0 * log10(1.0 + hz / 700.0); }
static double mel_to_hz(double mel) { return 700.0 * (pow(10.0, mel / 2595.0) - 1.0); }

/* B frames per FFTW call in the interleaved layout (see the header). The last group repeats its last frame in
 * the unused lanes and stores only the real ones. */
static int run_batched(float *padded, const float *x, long n, int pad, int hop, int n_fft, int n_freq, int n_mels,
                       const float *window, const int *first, const int *count, float *const *weights, long frames,
                       float *out, int batch, double seconds, int sr) {
    float *in = fftwf_malloc(sizeof(float) * n_fft * batch);
    fftwf_complex *spec = fftwf_malloc(sizeof(fftwf_complex) * n_freq * batch);
    float *power = malloc(sizeof(float) * n_freq * batch), *sum = malloc(sizeof(float) * batch);
    int dims[1] = {n_fft};
    fftwf_plan plan = fftwf_plan_many_dft_r2c(1, dims, batch, in, NULL, batch, 1, spec, NULL, batch, 1, FFTW_MEASURE);
    double best = 1e30, best_block = 0, checksum = 0;
    for (int rep = 0; rep < 3; rep++) {
        double start = now(), block_start = start;
        long block_frames = 0;
        for (int i = 1; i <= pad; i++) { padded[pad - i] = x[i]; padded[pad + n - 1 + i] = x[n - 1 - i]; }
        for (long t0 = 0; t0 < frames; t0 += batch) {
            int valid = frames - t0 < batch ? (int)(frames - t0) : batch;
            for (int l = 0; l < batch; l++) {
                const float *src = padded + (t0 + (l < valid ? l : valid - 1)) * hop;
                for (int i = 0; i < n_fft; i++) in[i * batch + l] = src[i] * window[i];
            }
            fftwf_execute(plan);
            for (int k = 0; k < n_freq * batch; k++) power[k] = spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1];
            for (int b = 0; b < n_mels; b++) {
                for (int l = 0; l < batch; l++) sum[l] = 0;
                for (int k = 0; k < count[b]; k++) {
                    const float w = weights[b][k], *p = power + (first[b] + k) * batch;
                    for (int l = 0; l < batch; l++) sum[l] += w * p[l];
                }
                for (int l = 0; l < valid; l++) out[(t0 + l) * n_mels + b] = logf(sum[l] + 1e-6f);
            }
            /* Blocks of at least 100 frames (1 s), as close as whole groups allow. */
            block_frames += valid;
            if (block_frames >= 100) {
                double rate = block_frames / (now() - block_start);
                if (rate > best_block) best_block = rate;
                block_frames = 0;
                block_start = now();
            }
        }
        double elapsed = now() - start;
        if (elapsed < best) best = elapsed;
        checksum = out[frames / 2 * n_mels + 10];
    }
    printf("fftw-b%d %d bins, fft %d: %.0f s audio in %.3f s = %.0fx real time (%ld frames, check %.4f); "
           "best 1 s block %.0fx\n", batch, n_mels, n_fft, seconds, best, seconds / best, frames, checksum,
           best_block * hop / sr);
    return 0;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 600.0;
    int n_fft = argc > 2 ? atoi(argv[2]) : 400;
    int sr = argc > 3 ? atoi(argv[3]) : 16000;
    int batch = argc > 4 ? atoi(argv[4]) : 1;
    int win = (int)(sr * 0.025), hop = (int)(sr * 0.010), n_mels = 80;
    int n_freq = n_fft / 2 + 1, pad = n_fft / 2;
    long n = (long)(seconds * sr);

    /* Synthetic audio: 1 s chirp 100 Hz .. 0.4 sr repeated, plus uniform noise (as FrontendBenchmark). */
    float *padded = malloc(sizeof(float) * (n + 2 * pad));
    float *x = padded + pad;
    double phase = 0;
    srand(42);
    for (long i = 0; i < n; i++) {
        double t = (double)(i % sr) / sr;
        phase += 2 * M_PI * (100 + t * (0.4 * sr - 100)) / sr;
        x[i] = (float)(0.5 * sin(phase) + 0.05 * (2.0 * rand() / RAND_MAX - 1));
    }

    /* Window: periodic Hann of win samples, centred in n_fft (torch.stft pads the window). */
    float *window = calloc(n_fft, sizeof(float));
    int woff = (n_fft - win) / 2;
    for (int i = 0; i < win; i++) window[woff + i] = (float)(0.5 - 0.5 * cos(2 * M_PI * i / win));

    /* Sparse HTK mel filters (torchaudio melscale_fbanks, norm None). */
    int *first = malloc(sizeof(int) * n_mels), *count = malloc(sizeof(int) * n_mels);
    float **weights = malloc(sizeof(float *) * n_mels);
    double mmax = hz_to_mel(sr / 2);
    for (int b = 0; b < n_mels; b++) {
        double lo = mel_to_hz(mmax * b / (n_mels + 1)), ce = mel_to_hz(mmax * (b + 1) / (n_mels + 1)),
               hi = mel_to_hz(mmax * (b + 2) / (n_mels + 1));
        float *w = calloc(n_freq, sizeof(float));
        int f0 = -1, f1 = -1;
        for (int k = 0; k < n_freq; k++) {
            double hz = (double)(sr / 2) * k / (n_freq - 1);
            double v = fmin((hz - lo) / (ce - lo), (hi - hz) / (hi - ce));
            if (v > 0) { w[k] = (float)v; if (f0 < 0) f0 = k; f1 = k; }
        }
        if (f0 < 0) { f0 = 0; f1 = -1; }
        first[b] = f0; count[b] = f1 - f0 + 1; weights[b] = w + f0;
    }

    long frames = 1 + n / hop;
    float *out = malloc(sizeof(float) * frames * n_mels);
    if (batch > 1) {
        return run_batched(padded, x, n, pad, hop, n_fft, n_freq, n_mels, window, first, count, weights, frames, out,
                           batch, seconds, sr);
    }

    float *frame = fftwf_malloc(sizeof(float) * n_fft);
    fftwf_complex *spec = fftwf_malloc(sizeof(fftwf_complex) * n_freq);
    float *power = malloc(sizeof(float) * n_freq);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(n_fft, frame, spec, FFTW_MEASURE);

    /* Besides the whole run, time blocks of 100 frames (1 s) and keep the fastest: on a loaded machine the
     * whole-run figure mostly measures the scheduler, the best block the code. */
    double best = 1e30, best_block = 1e30, checksum = 0, block_start = 0;
    for (int rep = 0; rep < 3; rep++) {
        double start = now();
        /* Reflect padding as torch.stft(center=True, pad_mode='reflect'). */
        for (int i = 1; i <= pad; i++) { padded[pad - i] = x[i]; padded[pad + n - 1 + i] = x[n - 1 - i]; }
        for (long t = 0; t < frames; t++) {
            if (t % 100 == 0) block_start = now();
            const float *src = padded + t * hop;
            for (int i = 0; i < n_fft; i++) frame[i] = src[i] * window[i];
            fftwf_execute(plan);
            for (int k = 0; k < n_freq; k++) power[k] = spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1];
            float *o = out + t * n_mels;
            for (int b = 0; b < n_mels; b++) {
                const float *w = weights[b], *p = power + first[b];
                float s = 0;
                for (int k = 0; k < count[b]; k++) s += w[k] * p[k];
                o[b] = logf(s + 1e-6f);
            }
            if (t % 100 == 99 && now() - block_start < best_block) best_block = now() - block_start;
        }
        double elapsed = now() - start;
        if (elapsed < best) best = elapsed;
        checksum = out[frames / 2 * n_mels + 10];
    }
    printf("fftw    %d bins, fft %d: %.0f s audio in %.3f s = %.0fx real time (%ld frames, check %.4f); "
           "best 1 s block %.0fx\n", n_mels, n_fft, seconds, best, seconds / best, frames, checksum,
           (100.0 * hop / sr) / best_block);
    return 0;
}
