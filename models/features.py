"""Local features with geometric verification (OpenCV SIFT + RANSAC homography): no model, no weights.

Whole-image embeddings confuse packs of one brand; local features that agree on one plane (a homography) say
*this* pack design is in the photo, and where. Keypoints are in pixels of the image they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "LocalFeatures",
    "Verification",
    "extract",
    "grow_quad",
    "project",
    "quad_area",
    "quad_iou",
    "verify",
    "warp_quad",
]


@dataclass(frozen=True)
class LocalFeatures:
    """SIFT keypoints ``xy`` (n, 2) float32 and descriptors ``desc`` (n, 128) uint8, of an image ``size`` (w, h)."""

    xy: np.ndarray
    desc: np.ndarray
    size: tuple[int, int]

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self.xy.astype(np.float32).tobytes(), self.desc.astype(np.uint8).tobytes()

    @classmethod
    def from_bytes(cls, xy: bytes, desc: bytes, size: tuple[int, int]) -> LocalFeatures:
        return cls(np.frombuffer(xy, np.float32).reshape(-1, 2), np.frombuffer(desc, np.uint8).reshape(-1, 128), size)


@dataclass(frozen=True)
class Verification:
    """How a reference image sits in a query photo.

    Attributes:
        inliers: matches consistent with one homography (0 when none was found).
        matches: matches that passed the ratio test.
        homography: 3x3, reference pixels → query pixels (None when not found).
        quad: the reference's outline in query pixels (4, 2), or None.
        area: the quad's area as a fraction of the query image.
    """

    inliers: int
    matches: int
    homography: np.ndarray | None
    quad: np.ndarray | None
    area: float


_SIFT: dict[int, object] = {}


def extract(rgb: np.ndarray, max_features: int = 500) -> LocalFeatures:
    """SIFT on an RGB uint8 image (H, W, 3); the strongest ``max_features`` keypoints."""
    import cv2

    sift = _SIFT.get(max_features)
    if sift is None:
        sift = _SIFT[max_features] = cv2.SIFT_create(nfeatures=max_features)  # type: ignore[attr-defined]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    kps, desc = sift.detectAndCompute(gray, None)  # type: ignore[attr-defined]
    if desc is None or not kps:
        return LocalFeatures(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), (rgb.shape[1], rgb.shape[0]))
    xy = np.array([k.pt for k in kps], np.float32)
    return LocalFeatures(xy, np.clip(desc, 0, 255).astype(np.uint8), (rgb.shape[1], rgb.shape[0]))


def _quad_ok(quad: np.ndarray) -> bool:
    """A plausible view of a flat pack: convex, not folded, not a sliver."""
    import cv2

    if not np.isfinite(quad).all() or not cv2.isContourConvex(quad.astype(np.float32).reshape(-1, 1, 2)):
        return False
    sides = np.linalg.norm(np.roll(quad, -1, axis=0) - quad, axis=1)
    return bool(sides.min() > 0.08 * sides.max())


def project(h: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Points (n, 2) mapped through homography ``h``."""
    import cv2

    return cv2.perspectiveTransform(points.reshape(-1, 1, 2).astype(np.float32), h).reshape(-1, 2)


def verify(query: LocalFeatures, ref: LocalFeatures, ratio: float = 0.8, min_matches: int = 10) -> Verification:
    """Match ``ref``'s descriptors to ``query``'s and fit a homography with RANSAC."""
    import cv2

    none = Verification(0, 0, None, None, 0.0)
    if len(query.desc) < 2 or len(ref.desc) < 2:
        return none
    matcher = cv2.BFMatcher(cv2.NORM_L2)
    pairs = matcher.knnMatch(ref.desc.astype(np.float32), query.desc.astype(np.float32), k=2)
    good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < ratio * p[1].distance]
    if len(good) < max(min_matches, 4):
        return Verification(0, len(good), None, None, 0.0)
    src = ref.xy[[m.queryIdx for m in good]]
    dst = query.xy[[m.trainIdx for m in good]]
    scale = max(query.size) / 640
    h, mask = cv2.findHomography(src, dst, cv2.RANSAC, 6.0 * scale, maxIters=500, confidence=0.99)
    if h is None or mask is None:
        return Verification(0, len(good), None, None, 0.0)
    w, hh = ref.size
    quad = project(h, np.array([[0, 0], [w, 0], [w, hh], [0, hh]], np.float32))
    if not _quad_ok(quad):
        return Verification(0, len(good), None, None, 0.0)
    # distinct query points only: many reference points collapsing onto a few is not a pack
    inl = mask.ravel().astype(bool)
    inliers = len({(int(x), int(y)) for x, y in dst[inl]})
    area = float(cv2.contourArea(quad)) / float(query.size[0] * query.size[1])
    return Verification(inliers, len(good), h, quad, area)


def warp_quad(rgb: np.ndarray, quad: np.ndarray, height: int = 48) -> np.ndarray:
    """The region ``quad`` (4, 2; clockwise from top-left) of an image, rectified to a strip ``height`` pixels tall."""
    import cv2

    top = float(np.linalg.norm(quad[1] - quad[0]))
    side = max(float(np.linalg.norm(quad[3] - quad[0])), 1.0)
    width = int(np.clip(height * top / side, 8, 480))
    dst = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(rgb, m, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def quad_iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two convex quads (4, 2)."""
    import cv2

    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    ua = cv2.contourArea(a.astype(np.float32)) + cv2.contourArea(b.astype(np.float32)) - inter
    return float(inter / ua) if ua > 0 else 0.0


def quad_area(q: np.ndarray) -> float:
    """Area of a quad (4, 2), in square pixels."""
    x, y = q[:, 0], q[:, 1]
    return float(abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2)


def grow_quad(q: np.ndarray, by: float = 0.12) -> np.ndarray:
    """A text box a little larger, so a slightly-off homography still frames the whole line."""
    c = q.mean(axis=0)
    h = np.linalg.norm(q[3] - q[0])
    d = q - c
    n = np.linalg.norm(d, axis=1, keepdims=True)
    return (q + d / np.maximum(n, 1e-6) * h * by).astype(np.float32)
