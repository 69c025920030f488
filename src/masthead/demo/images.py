"""Pictures for the demo, drawn locally with Pillow: no downloads, no stock photos.

``photo_jpeg`` paints an abstract editorial illustration (a gradient sky, a sun,
soft clouds and a landscape: hills, a river or a city skyline); ``portrait_jpeg``
paints an author's avatar (a head-and-shoulders silhouette with initials). Both
are deterministic: the same seed gives the same pixels.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

Color = tuple[int, int, int]

# (sky top, sky bottom, sun, nearest land): the far layers are mixed from these.
# The order matches SKIES, which describes them.
PALETTES: tuple[tuple[Color, Color, Color, Color], ...] = (
    ((28, 45, 92), (246, 170, 120), (255, 226, 170), (34, 30, 58)),  # dusk
    ((120, 180, 220), (236, 244, 240), (255, 250, 225), (40, 90, 70)),  # day
    ((250, 205, 160), (255, 240, 214), (255, 150, 90), (120, 60, 50)),  # dawn
    ((70, 90, 110), (180, 192, 196), (230, 232, 226), (38, 52, 60)),  # monsoon
    ((16, 24, 48), (70, 60, 120), (240, 236, 210), (10, 12, 26)),  # night
    ((20, 90, 110), (180, 226, 214), (250, 245, 200), (14, 60, 70)),  # teal
    ((150, 70, 60), (240, 180, 110), (255, 220, 140), (70, 34, 34)),  # ochre
    ((96, 120, 80), (220, 226, 180), (255, 246, 200), (40, 60, 36)),  # paddy
)
SKIES = (
    "at dusk",
    "on a clear day",
    "at dawn",
    "under monsoon clouds",
    "at night",
    "in a teal haze",
    "in the evening heat",
    "on a hazy green morning",
)
SCENES = ("hills", "river", "skyline", "fields")
SCENE_WORDS = {
    "hills": "Rolling hills",
    "river": "A river between low hills",
    "skyline": "A city skyline",
    "fields": "Flat fields",
}


def _mix(a: Color, b: Color, t: float) -> Color:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _gradient(size: tuple[int, int], top: Color, bottom: Color) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask
    )


def _ridge(
    rng: random.Random, width: int, base: float, amplitude: float
) -> list[float]:
    """Heights of a hill line: a few sines of random phase summed."""
    waves = [
        (
            rng.uniform(0.5, 3.5) / width * math.tau,
            rng.uniform(0, math.tau),
            rng.random(),
        )
        for _ in range(4)
    ]
    total = sum(w for _f, _p, w in waves) or 1
    step = 8
    return [
        base - amplitude * sum(w * math.sin(f * x + p) for f, p, w in waves) / total
        for x in range(0, width + step, step)
    ]


def _fill_ridge(draw: ImageDraw.ImageDraw, heights, width, height, color) -> None:
    step = width / (len(heights) - 1)
    points = [(i * step, y) for i, y in enumerate(heights)]
    draw.polygon([*points, (width, height), (0, height)], fill=color)


def _soft_blobs(rng: random.Random, img: Image.Image, color: Color, count: int) -> None:
    """Blurred translucent ellipses (clouds, haze), drawn small and scaled up."""
    w, h = img.size
    small = (w // 8, h // 8)
    mask = Image.new("L", small, 0)
    draw = ImageDraw.Draw(mask)
    for _ in range(count):
        cx, cy = rng.uniform(0, small[0]), rng.uniform(0, small[1] * 0.6)
        rx, ry = rng.uniform(12, 50), rng.uniform(4, 12)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=rng.randint(40, 110))
    mask = mask.filter(ImageFilter.GaussianBlur(5)).resize((w, h), Image.BILINEAR)
    img.paste(Image.new("RGB", (w, h), color), (0, 0), mask)


def _sun(rng: random.Random, img: Image.Image, color: Color, horizon: float) -> None:
    w, h = img.size
    r = rng.uniform(0.05, 0.11) * h
    cx, cy = (
        rng.uniform(0.15, 0.85) * w,
        rng.uniform(0.18, max(0.2, horizon - 0.12)) * h,
    )
    glow = Image.new("L", (w // 4, h // 4), 0)
    ImageDraw.Draw(glow).ellipse(
        ((cx - 3 * r) / 4, (cy - 3 * r) / 4, (cx + 3 * r) / 4, (cy + 3 * r) / 4),
        fill=90,
    )
    glow = glow.filter(ImageFilter.GaussianBlur(12)).resize((w, h), Image.BILINEAR)
    img.paste(Image.new("RGB", (w, h), color), (0, 0), glow)
    ImageDraw.Draw(img).ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)


def _skyline(
    rng: random.Random, draw: ImageDraw.ImageDraw, width, ground, color, lit, scale
) -> None:
    x = -rng.uniform(0, 40)
    while x < width:
        bw = rng.uniform(40, 130) * scale
        bh = rng.uniform(60, 330) * scale
        draw.rectangle((x, ground - bh, x + bw, ground), fill=color)
        if rng.random() < 0.25:  # a water tank or a spire on the roof
            tw = bw * rng.uniform(0.15, 0.3)
            tx = x + rng.uniform(0, bw - tw)
            draw.rectangle((tx, ground - bh - tw, tx + tw, ground - bh), fill=color)
        if lit is not None:
            for wy in range(
                int(ground - bh + 12 * scale), int(ground - 8), int(22 * scale)
            ):
                for wx in range(
                    int(x + 8 * scale), int(x + bw - 10 * scale), int(18 * scale)
                ):
                    if rng.random() < 0.22:
                        draw.rectangle(
                            (wx, wy, wx + 7 * scale, wy + 10 * scale), fill=lit
                        )
        x += bw + rng.uniform(0, 18) * scale


def _grain(rng: random.Random, img: Image.Image, strength: float) -> Image.Image:
    w, h = img.size
    small = (w // 2, h // 2)
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    noise = noise.resize((w, h), Image.BILINEAR).convert("RGB")
    return Image.blend(img, noise, strength)


def photo(seed: int, size: tuple[int, int] = (1600, 900)) -> Image.Image:
    """An abstract landscape or cityscape for a featured or body image."""
    rng = random.Random(seed)
    w, h = size
    top, bottom, sun, land = PALETTES[rng.randrange(len(PALETTES))]
    scene = rng.choice(SCENES)
    horizon = rng.uniform(0.5, 0.68)

    img = _gradient(size, top, bottom)
    _soft_blobs(rng, img, _mix(bottom, (255, 255, 255), 0.5), rng.randint(3, 9))
    _sun(rng, img, sun, horizon)
    draw = ImageDraw.Draw(img)

    if scene == "skyline":
        far = _mix(land, bottom, 0.55)
        _fill_ridge(
            draw, _ridge(rng, w, horizon * h, 20), w, h, _mix(land, bottom, 0.75)
        )
        _skyline(rng, draw, w, horizon * h + 40, far, None, 0.8)
        lit = _mix(sun, (255, 220, 120), 0.5) if top[2] > top[0] * 1.5 else None
        _skyline(rng, draw, w, h * 1.02, land, lit, 1.3)
    else:
        layers = rng.randint(3, 5)
        for i in range(layers):
            t = (i + 1) / layers  # 0 far .. 1 near
            color = _mix(_mix(bottom, top, 0.3), land, 0.25 + 0.75 * t)
            base = h * (horizon + (1 - horizon) * 0.55 * t)
            if scene == "river" and i == layers - 1:
                base = h * 0.95  # the near bank, low enough to show the water
            amplitude = h * (0.10 - 0.06 * t) * (0.5 if scene == "fields" else 1)
            _fill_ridge(draw, _ridge(rng, w, base, amplitude), w, h, color)
            if scene == "river" and i == layers - 2:
                # The river: a band of sky-coloured water with glinting streaks.
                water_top = base + amplitude * 0.3
                draw.rectangle((0, water_top, w, h), fill=_mix(bottom, top, 0.45))
                glint = _mix(sun, bottom, 0.3)
                for _ in range(70):
                    y = rng.uniform(water_top + 6, h * 0.93)
                    x = rng.uniform(0, w)
                    draw.line((x, y, x + rng.uniform(20, 120), y), fill=glint, width=2)
        if scene == "fields":
            stripe = _mix(land, sun, 0.25)
            for k in range(14):
                y = h * (0.8 + 0.015 * k)
                draw.line((0, y, w, y + rng.uniform(-20, 20)), fill=stripe, width=2)
    return _grain(rng, img, 0.05)


def describe_photo(seed: int) -> str:
    """What photo(seed) shows, in words, for alt text and captions."""
    rng = random.Random(seed)
    sky = rng.randrange(len(PALETTES))  # the same draws, in the same order, as photo()
    scene = rng.choice(SCENES)
    return f"{SCENE_WORDS[scene]} {SKIES[sky]}, drawn by the demo's image generator"


def portrait(seed: int, initials: str, size: int = 600) -> Image.Image:
    """An author's avatar: a silhouette on a colour, with their initials."""
    rng = random.Random(seed)
    top, bottom, _sun, land = rng.choice(PALETTES)
    img = _gradient((size, size), _mix(top, bottom, 0.2), _mix(bottom, top, 0.2))
    draw = ImageDraw.Draw(img)
    figure = _mix(land, top, 0.25)
    head = size * rng.uniform(0.16, 0.19)
    cx, cy = size / 2, size * 0.40
    draw.ellipse(
        (cx - head, cy - head * 1.12, cx + head, cy + head * 1.12), fill=figure
    )
    neck = head * 0.45
    draw.rectangle(
        (cx - neck, cy + head * 0.8, cx + neck, cy + head * 1.5), fill=figure
    )
    shoulders = size * rng.uniform(0.33, 0.4)
    draw.ellipse(
        (
            cx - shoulders,
            cy + head * 1.35,
            cx + shoulders,
            cy + head * 1.35 + size * 0.7,
        ),
        fill=figure,
    )
    font = ImageFont.load_default(size=round(size * 0.13))
    draw.text(
        (cx, size * 0.86),
        initials.upper()[:3],
        fill=_mix(bottom, (255, 255, 255), 0.6),
        font=font,
        anchor="mm",
    )
    return img


def to_jpeg(img: Image.Image, quality: int = 82) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def photo_jpeg(seed: int, size: tuple[int, int] = (1600, 900)) -> bytes:
    return to_jpeg(photo(seed, size))


def portrait_jpeg(seed: int, initials: str, size: int = 600) -> bytes:
    return to_jpeg(portrait(seed, initials, size))
