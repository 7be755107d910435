"""PyTorch twins of the models `sdt bench train` times: the same layers, losses, turns and optimizers as the C#
models (src/Models/Images, src/Models/Dann, src/Models/Sit) with their default options, so that one step here
does the same arithmetic as one Trainer step there. Used only for the speed comparison (bench/compare_train.sh).

Each twin exposes `turns`: a list of (name, optimizer, loss_fn) run in order every step, like the C# Trainer:
zero that optimizer's gradients, backward, step. loss_fn(batch, progress) returns (loss, {stat: detached tensor}).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

IGNORE = -100


def adam(params, lr, beta1=0.5, beta2=0.999, weight_decay=0.0):
    """The C# OptimizerSettings defaults: adam, beta1 0.5, beta2 0.999, eps 1e-8."""
    return torch.optim.Adam(list(params), lr=lr, betas=(beta1, beta2), eps=1e-8, weight_decay=weight_decay)


def body_features(base):
    return 2 * base * 7 * 7


def conv_body(base, batch_norm=True):
    """ImageNets.ConvBody: [B,1,28,28] -> [B, 2*base*49]."""
    layers = [nn.Conv2d(1, base, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
              nn.Conv2d(base, 2 * base, 4, stride=2, padding=1)]
    if batch_norm:
        layers.append(nn.BatchNorm2d(2 * base))
    layers += [nn.LeakyReLU(0.2), nn.Flatten()]
    return nn.Sequential(*layers)


def generator(inputs, base):
    """ImageNets.Generator: [B, inputs] -> [B,1,28,28] in [-1, 1]."""
    return nn.Sequential(
        nn.Linear(inputs, body_features(base)), nn.BatchNorm1d(body_features(base)), nn.ReLU(),
        nn.Unflatten(1, (2 * base, 7, 7)),
        nn.ConvTranspose2d(2 * base, base, 4, stride=2, padding=1), nn.BatchNorm2d(base), nn.ReLU(),
        nn.ConvTranspose2d(base, 1, 4, stride=2, padding=1), nn.Tanh())


def real_loss(logits):
    return F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))


def fake_loss(logits):
    return F.binary_cross_entropy_with_logits(logits, torch.zeros_like(logits))


def mean_prob(logits):
    return torch.sigmoid(logits.detach()).mean()


def accuracy(logits, labels):
    return logits.detach().argmax(1).eq(labels).float().mean()


class FeatureClassifier(nn.Module):
    """MnistFeatureClassifier (base 32, features 128, dropout 0.3, 10 classes)."""

    def __init__(self, base=32, features=128, classes=10, dropout=0.3):
        super().__init__()
        self.body = conv_body(base)
        self.features = nn.Sequential(nn.Linear(body_features(base), features), nn.ReLU())
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(features, classes)

    def forward(self, x):
        return self.output(self.dropout(self.features(self.body(x))))


class JointDiscriminator(nn.Module):
    """BiGAN / Triple-GAN joint discriminator D(x, condition)."""

    def __init__(self, condition_dim, base, hidden, dropout=0.2):
        super().__init__()
        self.image_path = conv_body(base, batch_norm=False)
        self.latent_path = nn.Sequential(nn.Linear(condition_dim, hidden), nn.LeakyReLU(0.2))
        self.joint = nn.Sequential(nn.Dropout(dropout), nn.Linear(body_features(base) + hidden, hidden),
                                   nn.LeakyReLU(0.2), nn.Dropout(dropout), nn.Linear(hidden, 1))

    def forward(self, x, condition):
        return self.joint(torch.cat([self.image_path(x), self.latent_path(condition)], 1)).squeeze(1)


class MnistClassifier(nn.Module):
    def __init__(self, device):
        super().__init__()
        self.net = FeatureClassifier()
        self.to(device)
        self.turns = [("main", adam(self.parameters(), 1e-3, beta1=0.9), self.main)]

    def main(self, batch, progress):
        logits = self.net(batch["x"])
        loss = F.cross_entropy(logits, batch["y"])
        return loss, {"loss": loss.detach(), "accuracy": accuracy(logits, batch["y"])}


class InfoGan(nn.Module):
    noise, categories, continuous, base, q_hidden = 62, 10, 2, 64, 128

    def __init__(self, device):
        super().__init__()
        features = body_features(self.base)
        self.generator = generator(self.noise + self.categories + self.continuous, self.base)
        self.body = conv_body(self.base)
        self.adversarial_head = nn.Linear(features, 1)
        self.q_head = nn.Sequential(nn.Linear(features, self.q_hidden), nn.BatchNorm1d(self.q_hidden), nn.LeakyReLU(0.2),
                                    nn.Linear(self.q_hidden, self.categories + 2 * self.continuous))
        self.to(device)
        self.device = device
        d = adam(list(self.body.parameters()) + list(self.adversarial_head.parameters()), 2e-4)
        g = adam(list(self.generator.parameters()) + list(self.q_head.parameters()), 1e-3)
        self.turns = [("discriminator", d, self.discriminator_turn), ("generator", g, self.generator_turn)]

    def codes(self, n):
        return (torch.randn(n, self.noise, device=self.device),
                torch.randint(0, self.categories, (n,), device=self.device),
                torch.rand(n, self.continuous, device=self.device) * 2 - 1)

    def generate(self, noise, cats, cont):
        one_hot = F.one_hot(cats, self.categories).to(noise.dtype)
        return self.generator(torch.cat([noise, one_hot, cont], 1))

    def judge(self, images):
        features = self.body(images)
        logit = self.adversarial_head(features).squeeze(1)
        q = self.q_head(features)
        k, c = self.categories, self.continuous
        return logit, q[:, :k], q[:, k:k + c], q[:, k + c:k + 2 * c].clamp(-5, 5)

    def discriminator_turn(self, batch, progress):
        real = batch["x"]
        fake = self.generate(*self.codes(real.shape[0])).detach()
        real_logit = self.judge(real)[0]
        fake_logit = self.judge(fake)[0]
        loss = real_loss(real_logit) + fake_loss(fake_logit)
        return loss, {"d_loss": loss.detach(), "d_real": mean_prob(real_logit), "d_fake": mean_prob(fake_logit)}

    def generator_turn(self, batch, progress):
        noise, cats, cont = self.codes(batch["x"].shape[0])
        logit, cat_logits, mean, log_var = self.judge(self.generate(noise, cats, cont))
        adversarial = real_loss(logit)
        categorical = F.cross_entropy(cat_logits, cats)
        continuous = (0.5 * (log_var + (cont - mean).pow(2) * (-log_var).exp())).mean()
        loss = adversarial + 1.0 * categorical + 0.1 * continuous
        return loss, {"g_loss": loss.detach(), "g_adv": adversarial.detach(), "info_cat": categorical.detach(),
                      "info_con": continuous.detach(), "q_cat_accuracy": accuracy(cat_logits, cats)}


class VaeEncoder(nn.Module):
    def __init__(self, latent, base):
        super().__init__()
        self.latent = latent
        self.body = conv_body(base)
        self.head = nn.Linear(body_features(base), 2 * latent)

    def forward(self, x):
        h = self.head(self.body(x))
        return h[:, :self.latent], h[:, self.latent:]


def reparameterize(mean, log_var):
    return mean + (0.5 * log_var).exp() * torch.randn_like(mean)


def kl_to_standard_normal(mean, log_var):
    return (-0.5 * (1 + log_var - mean.pow(2) - log_var.exp())).sum(1).mean()


class Vae(nn.Module):
    latent, base = 32, 32

    def __init__(self, device):
        super().__init__()
        self.encoder = VaeEncoder(self.latent, self.base)
        self.decoder = generator(self.latent, self.base)
        self.to(device)
        self.turns = [("main", adam(self.parameters(), 1e-3, beta1=0.9), self.main)]

    def main(self, batch, progress):
        x = batch["x"]
        mean, log_var = self.encoder(x)
        reconstruction = self.decoder(reparameterize(mean, log_var))
        squared = (reconstruction - x).pow(2)
        recon = squared.flatten(1).sum(1).mean()
        kl = kl_to_standard_normal(mean, log_var)
        loss = recon + 1.0 * kl
        return loss, {"loss": loss.detach(), "recon": recon.detach(), "kl": kl.detach(), "mse": squared.detach().mean()}


class VaeGan(nn.Module):
    latent, base, gamma = 32, 32, 1e-2

    def __init__(self, device):
        super().__init__()
        self.encoder = VaeEncoder(self.latent, self.base)
        self.decoder = generator(self.latent, self.base)
        self.discriminator_body = conv_body(self.base)
        self.discriminator_head = nn.Linear(body_features(self.base), 1)
        self.to(device)
        e = adam(self.encoder.parameters(), 3e-4)
        g = adam(self.decoder.parameters(), 3e-4)
        d = adam(list(self.discriminator_body.parameters()) + list(self.discriminator_head.parameters()), 3e-4)
        self.turns = [("encoder", e, self.encoder_turn), ("decoder", g, self.decoder_turn),
                      ("discriminator", d, self.discriminator_turn)]

    def discriminate(self, images):
        features = self.discriminator_body(images)
        return features, self.discriminator_head(features).squeeze(1)

    @staticmethod
    def feature_error(features, b):
        return (0.5 * (features[b:2 * b] - features[:b].detach()).pow(2)).sum(1).mean()

    def encoder_turn(self, batch, progress):
        x = batch["x"]
        mean, log_var = self.encoder(x)
        reconstruction = self.decoder(reparameterize(mean, log_var))
        features, _ = self.discriminate(torch.cat([x, reconstruction], 0))
        likeness = self.feature_error(features, x.shape[0])
        kl = kl_to_standard_normal(mean, log_var)
        loss = 1.0 * kl + likeness
        return loss, {"kl": kl.detach(), "recon_feature": likeness.detach(),
                      "recon_mse": (reconstruction.detach() - x).pow(2).mean()}

    def decoder_turn(self, batch, progress):
        x = batch["x"]
        mean, log_var = self.encoder(x)
        z = reparameterize(mean.detach(), log_var.detach())
        prior = torch.randn_like(z)
        fakes = self.decoder(torch.cat([z, prior], 0))
        features, logits = self.discriminate(torch.cat([x, fakes], 0))
        b = x.shape[0]
        likeness = self.feature_error(features[:2 * b], b)
        adversarial = real_loss(logits[b:3 * b])
        loss = self.gamma * likeness + adversarial
        return loss, {"dec_loss": loss.detach(), "g_adv": adversarial.detach()}

    def discriminator_turn(self, batch, progress):
        x = batch["x"]
        with torch.no_grad():
            mean, log_var = self.encoder(x)
            z = reparameterize(mean, log_var)
            fakes = self.decoder(torch.cat([z, torch.randn_like(z)], 0))
        b = x.shape[0]
        _, logits = self.discriminate(torch.cat([x, fakes], 0))
        real_logits, fake_logits = logits[:b], logits[b:3 * b]
        loss = real_loss(real_logits) + fake_loss(fake_logits)
        return loss, {"d_loss": loss.detach(), "d_real": mean_prob(real_logits), "d_fake": mean_prob(fake_logits)}


class BiGan(nn.Module):
    latent, base, hidden = 50, 32, 256

    def __init__(self, device):
        super().__init__()
        self.encoder = nn.Sequential(conv_body(self.base), nn.Linear(body_features(self.base), self.latent))
        self.generator = generator(self.latent, self.base)
        self.discriminator = JointDiscriminator(self.latent, self.base, self.hidden)
        self.to(device)
        self.device = device
        d = adam(self.discriminator.parameters(), 2e-4)
        g = adam(list(self.generator.parameters()) + list(self.encoder.parameters()), 2e-4)
        self.turns = [("discriminator", d, self.discriminator_turn), ("generator", g, self.generator_turn)]

    def forward_pair(self, x):
        z = torch.randn(x.shape[0], self.latent, device=self.device)
        return z, self.encoder(x), self.generator(z)

    def discriminator_turn(self, batch, progress):
        x = batch["x"]
        z, encoded, generated = self.forward_pair(x)
        real_logits = self.discriminator(x, encoded.detach())
        fake_logits = self.discriminator(generated.detach(), z)
        loss = real_loss(real_logits) + fake_loss(fake_logits)
        return loss, {"d_loss": loss.detach(), "d_real": mean_prob(real_logits), "d_fake": mean_prob(fake_logits)}

    def generator_turn(self, batch, progress):
        x = batch["x"]
        z, encoded, generated = self.forward_pair(x)
        loss = fake_loss(self.discriminator(x, encoded)) + real_loss(self.discriminator(generated, z))
        return loss, {"g_loss": loss.detach()}


class TripleGan(nn.Module):
    noise, classes, base, hidden, alpha = 100, 10, 32, 256, 0.5
    pseudo_weight, pseudo_start = 0.1, 0.25

    def __init__(self, device):
        super().__init__()
        self.classifier = FeatureClassifier()
        self.generator = generator(self.noise + self.classes, self.base)
        self.discriminator = JointDiscriminator(self.classes, self.base, self.hidden)
        self.to(device)
        self.device = device
        d = adam(self.discriminator.parameters(), 3e-4)
        c = adam(self.classifier.parameters(), 3e-4, beta1=0.9)
        g = adam(self.generator.parameters(), 3e-4)
        self.turns = [("discriminator", d, self.discriminator_turn), ("classifier", c, self.classifier_turn),
                      ("generator", g, self.generator_turn)]

    def one_hot(self, labels, dtype):
        return F.one_hot(labels, self.classes).to(dtype)

    def judge(self, images, labels):
        return self.discriminator(images, self.one_hot(labels, images.dtype))

    def draw_generated(self, n):
        noise = torch.randn(n, self.noise, device=self.device)
        labels = torch.randint(0, self.classes, (n,), device=self.device)
        return self.generator(torch.cat([noise, self.one_hot(labels, noise.dtype)], 1)), labels

    @staticmethod
    def sample_labels(logits):
        return torch.multinomial(F.softmax(logits.detach(), 1), 1, replacement=True).squeeze(1)

    def discriminator_turn(self, batch, progress):
        x, xl, yl = batch["x"], batch["xl"], batch["yl"]
        generated, generated_labels = self.draw_generated(x.shape[0])
        with torch.no_grad():
            pseudo = self.sample_labels(self.classifier(x))
        pseudo_logits = self.judge(x, pseudo)
        generated_logits = self.judge(generated.detach(), generated_labels)
        fake = self.alpha * fake_loss(pseudo_logits) + (1 - self.alpha) * fake_loss(generated_logits)
        real_logits = self.judge(xl, yl)
        loss = real_loss(real_logits) + fake
        return loss, {"d_fake_c": mean_prob(pseudo_logits), "d_fake_g": mean_prob(generated_logits),
                      "d_real": mean_prob(real_logits), "d_loss": loss.detach()}

    def classifier_turn(self, batch, progress):
        x, xl, yl = batch["x"], batch["xl"], batch["yl"]
        probabilities = F.softmax(self.classifier(x), 1)
        with torch.no_grad():
            pseudo = self.sample_labels(probabilities.log())
            log_one_minus_d = -F.softplus(self.judge(x, pseudo))
        chosen = probabilities.gather(1, pseudo.unsqueeze(1)).squeeze(1)
        adversarial = self.alpha * (chosen * log_one_minus_d).mean()
        stats = {"c_adv": adversarial.detach()}
        labelled_logits = self.classifier(xl)
        cross_entropy = F.cross_entropy(labelled_logits, yl)
        loss = adversarial + cross_entropy
        stats["c_ce"] = cross_entropy.detach()
        stats["c_accuracy"] = accuracy(labelled_logits, yl)
        if progress >= self.pseudo_start:
            generated, generated_labels = self.draw_generated(x.shape[0])
            pseudo_loss = F.cross_entropy(self.classifier(generated.detach()), generated_labels)
            loss = loss + self.pseudo_weight * pseudo_loss
            stats["c_pseudo"] = pseudo_loss.detach()
        stats["c_loss"] = loss.detach()
        return loss, stats

    def generator_turn(self, batch, progress):
        generated, labels = self.draw_generated(batch["x"].shape[0])
        loss = (1 - self.alpha) * real_loss(self.judge(generated, labels))
        return loss, {"g_loss": loss.detach()}


class GradientReversal(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, lam):
        ctx.lam = lam
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return grad.mul(-ctx.lam), None


def classifier_head(inputs, hidden, classes):
    return nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, classes))


def masked_accuracy(logits, labels):
    valid = labels.ne(IGNORE)
    hits = logits.detach().argmax(-1).eq(labels).logical_and(valid)
    return hits.sum().float() / valid.sum().clamp_min(1).float()


class DannMnist(nn.Module):
    def __init__(self, device):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 48, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(4), nn.Flatten())
        self.label = classifier_head(48 * 16, 100, 10)
        self.domain = classifier_head(48 * 16, 100, 2)
        self.to(device)
        sgd = torch.optim.SGD(self.parameters(), lr=0.01, momentum=0.9)
        self.turns = [("main", sgd, self.main)]

    def main(self, batch, progress):
        lam = 2.0 / (1.0 + math.exp(-10 * progress)) - 1.0
        features = self.features(batch["x"])
        label_logits = self.label(features)
        domain_logits = self.domain(GradientReversal.apply(features, lam))
        domain = batch["domain"]
        labels = batch["label"].masked_fill(domain.ne(0), IGNORE)
        labelled = labels.ne(IGNORE).sum().clamp_min(1).to(label_logits.dtype)
        label_loss = F.cross_entropy(label_logits, labels, ignore_index=IGNORE, reduction="sum") / labelled
        domain_loss = F.cross_entropy(domain_logits, domain)
        loss = label_loss + domain_loss
        return loss, {"loss": loss.detach(), "label_loss": label_loss.detach(), "domain_loss": domain_loss.detach(),
                      "label_acc": masked_accuracy(label_logits, labels), "domain_acc": masked_accuracy(domain_logits, domain),
                      "lambda": torch.tensor(lam, device=loss.device)}


class Sit(nn.Module):
    """Speaker-invariant training, default SitOptions: TDNN encoder, pooled content head, frame speaker head, confusion."""
    channels, kernels, dilations = [128] * 5, [5, 3, 3, 1, 1], [1, 2, 3, 1, 1]

    def __init__(self, device, bins=80, content_classes=10, speaker_classes=2):
        super().__init__()
        layers, inputs = [], bins
        for c, k, d in zip(self.channels, self.kernels, self.dilations):
            layers += [nn.Conv1d(inputs, c, k, dilation=d), nn.BatchNorm1d(c), nn.ReLU()]
            inputs = c
        self.encoder = nn.Sequential(*layers)
        self.receptive_field = 1 + sum((k - 1) * d for k, d in zip(self.kernels, self.dilations))
        self.content = classifier_head(2 * inputs, 128, content_classes)
        self.speaker = classifier_head(inputs, 128, speaker_classes)
        self.to(device)
        s = adam(self.speaker.parameters(), 2e-2, beta1=0.9)
        e = adam(list(self.encoder.parameters()) + list(self.content.parameters()), 1e-3, beta1=0.9)
        self.turns = [("speaker", s, self.speaker_turn), ("encoder_content", e, self.encoder_turn)]

    def encode(self, feats, lengths):
        frames = self.encoder(feats.transpose(1, 2)).transpose(1, 2)
        frame_lengths = (lengths - (self.receptive_field - 1)).clamp(1, frames.shape[1])
        mask = (torch.arange(frames.shape[1], device=lengths.device).unsqueeze(0) < frame_lengths.unsqueeze(1)).to(frames.dtype).unsqueeze(2)
        count = mask.sum(1).clamp_min(1)
        mean = (frames * mask).sum(1) / count
        centred = (frames - mean.unsqueeze(1)) * mask
        std = (centred.pow(2).sum(1) / count).clamp_min(1e-5).sqrt()
        return frames, frame_lengths, torch.cat([mean, std], 1)

    @staticmethod
    def speaker_targets(logits, speakers, frame_lengths):
        frames = logits.shape[1]
        padding = torch.arange(frames, device=frame_lengths.device).unsqueeze(0) >= frame_lengths.unsqueeze(1)
        labels = speakers.unsqueeze(1).expand(-1, frames).masked_fill(padding, IGNORE)
        return logits.flatten(0, 1), labels.flatten()

    def speaker_turn(self, batch, progress):
        with torch.no_grad():
            frames, frame_lengths, _ = self.encode(batch["feats"], batch["lengths"])
        logits, labels = self.speaker_targets(self.speaker(frames), batch["speaker"], frame_lengths)
        loss = F.cross_entropy(logits, labels, ignore_index=IGNORE)
        return loss, {"speaker_loss": loss.detach(), "speaker_acc": masked_accuracy(logits, labels)}

    def encoder_turn(self, batch, progress):
        lam = 1.0
        frames, frame_lengths, pooled = self.encode(batch["feats"], batch["lengths"])
        content_logits = self.content(pooled)
        # Confusion: the reversal layer runs with lambda -1 (gradient passes unchanged), the loss carries lambda.
        speaker_logits, speaker_labels = self.speaker_targets(self.speaker(GradientReversal.apply(frames, -1.0)),
                                                              batch["speaker"], frame_lengths)
        content_loss = F.cross_entropy(content_logits, batch["content"], ignore_index=IGNORE)
        speaker_loss = F.cross_entropy(speaker_logits, speaker_labels, ignore_index=IGNORE)
        valid = speaker_labels.ne(IGNORE).to(speaker_logits.dtype)
        uniform = ((-F.log_softmax(speaker_logits, -1).mean(-1)) * valid).sum() / valid.sum().clamp_min(1)
        total = content_loss + lam * uniform
        return total, {"content_loss": content_loss.detach(), "content_acc": masked_accuracy(content_logits, batch["content"]),
                       "adv_speaker_loss": speaker_loss.detach(), "lambda": torch.tensor(lam, device=total.device)}


MODELS = {
    "mnist-classifier": MnistClassifier,
    "infogan": InfoGan,
    "vae": Vae,
    "vaegan": VaeGan,
    "bigan": BiGan,
    "triplegan": TripleGan,
    "dann-mnist": DannMnist,
    "sit": Sit,
}
