//! Sorting by `f64` keys, in one place: every ranking, AUC, calibration bin and
//! median in the core sorts through these two functions. (Each distinct
//! comparison closure used to be its own copy of the standard library's sort
//! in the wasm build, about 10 KB apiece.)

/// Sorts the indices `idx` by `key[i]`, ascending or descending in
/// `f64::total_cmp`'s order; equal keys keep their order in `idx` (stable).
pub fn sort_indices(idx: &mut [usize], key: &[f64], descending: bool) {
    idx.sort_by(|&a, &b| {
        let c = key[a].total_cmp(&key[b]);
        if descending {
            c.reverse()
        } else {
            c
        }
    });
}

/// The indices `0..key.len()` in ascending order of `key`, ties by index.
pub fn ascending(key: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..key.len()).collect();
    sort_indices(&mut idx, key, false);
    idx
}

/// Sorts `values` ascending in `f64::total_cmp`'s order.
pub fn sort_floats(values: &mut [f64]) {
    values.sort_by(f64::total_cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_keeps_ties_in_place() {
        let key = [3.0, 1.0, 2.0, 1.0];
        assert_eq!(ascending(&key), vec![1, 3, 2, 0]);
        let mut idx = vec![0, 1, 2, 3];
        sort_indices(&mut idx, &key, true);
        assert_eq!(idx, vec![0, 2, 1, 3], "descending, the tie (1, 3) in index order");
        let mut sub = vec![3, 0, 1];
        sort_indices(&mut sub, &key, false);
        assert_eq!(sub, vec![3, 1, 0], "a subset keeps its own order among ties");
        let mut v = vec![2.0, -0.0, f64::NAN, -1.0];
        sort_floats(&mut v);
        assert_eq!(&v[..3], &[-1.0, -0.0, 2.0]);
        assert!(v[3].is_nan());
    }
}
