//! ESMM-NS (ESMM paper, Table 2): ESMM's two towers and loss, but each tower
//! keeps its own embedding tables. The CVR tower still learns from every
//! impression through pCTCVR, yet it cannot reuse what the CTR task learned
//! about an item: the gap between ESMM-NS and ESMM is the shared embedding's share.

use super::esmm::Esmm;
use super::{FunnelInputShape, FunnelKind, FunnelSizes};
use crate::float::Float;

/// ESMM-NS: ESMM with one embedding per tower.
pub fn new<F: Float>(shape: &FunnelInputShape, sizes: &FunnelSizes) -> Esmm<F> {
    Esmm::new(FunnelKind::EsmmNs, shape, sizes)
}
