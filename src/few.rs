//! A short list kept in place, for the few items a case has of a kind:
//! a list of its own for each would cost more than the work done with it.

/// A short list kept in place: a case has a few measures and escalations
/// at most. Items past the first `N` go into a `Vec`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Few<T, const N: usize> {
    len: usize,
    /// The first `N`; those past `len` hold the filler.
    first: [T; N],
    more: Vec<T>,
}

impl<T: Copy, const N: usize> Few<T, N> {
    /// An empty list; `filler` only takes up the room not used.
    pub fn new(filler: T) -> Few<T, N> {
        Few {
            len: 0,
            first: [filler; N],
            more: Vec::new(),
        }
    }

    pub fn push(&mut self, item: T) {
        match self.first.get_mut(self.len) {
            Some(place) => *place = item,
            None => self.more.push(item),
        }
        self.len += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.first[..self.len.min(N)].iter().chain(&self.more)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_past_the_room_in_place() {
        let mut few: Few<u32, 2> = Few::new(0);
        assert!(few.is_empty());
        assert_eq!(few.iter().count(), 0);
        for n in [7, 0, 9, 4] {
            few.push(n);
        }
        assert!(!few.is_empty());
        assert_eq!(few.len(), 4);
        assert_eq!(few.iter().copied().collect::<Vec<_>>(), [7, 0, 9, 4]);
    }
}
