namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>
/// Which discriminators train the vocoder adversarially (config `model_options.discriminator`): none (magnitude
/// losses only; the default, also of a config that does not name one), the multi-period one of
/// HiFi-GAN (mpd), the multi-resolution spectrogram one of UnivNet / Vocos (mrd), or both (mpd_mrd, as Vocos).
/// </summary>
public enum VocoderDiscriminatorKind { None, Mpd, Mrd, MpdMrd }
