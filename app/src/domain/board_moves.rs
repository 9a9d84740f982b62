//! Cards moving between the columns of a board, as pure state shared by the three boards: a
//! move shows at once (optimistic) and is confirmed, sent back or put where the server says;
//! others' moves arrive and are applied once; the column counts stay exact throughout.
use serde::{Deserialize, Serialize};

/// What a board needs of its cards.
pub trait BoardCard: Clone {
    /// How cards are ordered within a column.
    type Order: Ord;
    fn id(&self) -> i64;
    fn version(&self) -> i64;
    fn set_version(&mut self, version: i64);
    fn order(&self) -> Self::Order;
}

/// A column: every card of it is counted in `total`; the first ones are loaded in `cards`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column<K, C> {
    pub key: K,
    pub total: i64,
    pub cards: Vec<C>,
}

impl<K, C> Column<K, C> {
    /// Whether every card of the column is loaded.
    pub fn complete(&self) -> bool {
        self.cards.len() as i64 >= self.total
    }
}

/// A move shown before the server answered: where the card came from.
#[derive(Debug, Clone, PartialEq)]
struct Pending<K> {
    id: i64,
    from: K,
    index: usize,
}

/// The request a move makes of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveRequest<K> {
    pub id: i64,
    /// The version the move is based on.
    pub version: i64,
    pub from: K,
    pub to: K,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Board<K, C> {
    pub columns: Vec<Column<K, C>>,
    pending: Vec<Pending<K>>,
}

impl<K: Clone + PartialEq, C: BoardCard> Board<K, C> {
    pub fn new(columns: Vec<Column<K, C>>) -> Self {
        Board { columns, pending: Vec::new() }
    }

    /// (column, position) of a loaded card.
    pub fn locate(&self, id: i64) -> Option<(usize, usize)> {
        self.columns
            .iter()
            .enumerate()
            .find_map(|(ci, c)| c.cards.iter().position(|card| card.id() == id).map(|i| (ci, i)))
    }

    pub fn card(&self, id: i64) -> Option<&C> {
        self.locate(id).map(|(ci, i)| &self.columns[ci].cards[i])
    }

    /// The column a loaded card is in.
    pub fn column_of(&self, id: i64) -> Option<&K> {
        self.locate(id).map(|(ci, _)| &self.columns[ci].key)
    }

    fn column_index(&self, key: &K) -> Option<usize> {
        self.columns.iter().position(|c| c.key == *key)
    }

    pub fn total(&self, key: &K) -> i64 {
        self.column_index(key).map_or(0, |ci| self.columns[ci].total)
    }

    /// Whether a move of the card waits for the server.
    pub fn is_pending(&self, id: i64) -> bool {
        self.pending.iter().any(|p| p.id == id)
    }

    /// The column `step` places before (negative) or after `key`, if there is one.
    pub fn neighbour(&self, key: &K, step: isize) -> Option<K> {
        let ci = self.column_index(key)? as isize + step;
        (0..self.columns.len() as isize).contains(&ci).then(|| self.columns[ci as usize].key.clone())
    }

    /// Takes a card out of its column (`None` when it is not loaded).
    fn take(&mut self, id: i64) -> Option<(usize, usize, C)> {
        let (ci, i) = self.locate(id)?;
        let column = &mut self.columns[ci];
        column.total = (column.total - 1).max(0);
        Some((ci, i, column.cards.remove(i)))
    }

    /// Counts a card into column `ci` and shows it in order, unless it would fall after the
    /// cards loaded so far (then the column's "more" reaches it).
    fn put(&mut self, ci: usize, card: C) {
        let column = &mut self.columns[ci];
        let complete = column.complete();
        column.total += 1;
        let at = column.cards.partition_point(|c| c.order() < card.order());
        if at < column.cards.len() || complete {
            column.cards.insert(at, card);
        }
    }

    /// Counts a card into column `ci` and shows it in order, at the end at the latest: a card
    /// the user could see stays in sight when it moves.
    fn put_shown(&mut self, ci: usize, card: C) {
        let column = &mut self.columns[ci];
        column.total += 1;
        let at = column.cards.partition_point(|c| c.order() < card.order());
        column.cards.insert(at.min(column.cards.len()), card);
    }

    /// Moves a card at once and returns what to ask of the server; `None` when the card is not
    /// on the board, already moving, or already in `to`.
    pub fn start_move(&mut self, id: i64, to: &K) -> Option<MoveRequest<K>> {
        if self.is_pending(id) {
            return None;
        }
        let target = self.column_index(to)?;
        let (ci, i) = self.locate(id)?;
        if ci == target {
            return None;
        }
        let from = self.columns[ci].key.clone();
        let (_, _, card) = self.take(id)?;
        let version = card.version();
        let column = &mut self.columns[target];
        column.total += 1;
        // A moved card shows first in its new column, where the mover sees it land.
        column.cards.insert(0, card);
        self.pending.push(Pending { id, from: from.clone(), index: i });
        Some(MoveRequest { id, version, from, to: to.clone() })
    }

    /// The server made the move: the card now has `version`.
    pub fn confirm(&mut self, id: i64, version: i64) {
        self.pending.retain(|p| p.id != id);
        if let Some((ci, i)) = self.locate(id) {
            let card = &mut self.columns[ci].cards[i];
            if card.version() < version {
                card.set_version(version);
            }
        }
    }

    /// The server refused the move: the card goes back where it was.
    pub fn revert(&mut self, id: i64) {
        let Some(p) = self.pending.iter().position(|p| p.id == id).map(|at| self.pending.remove(at)) else {
            return;
        };
        let Some(back) = self.column_index(&p.from) else { return };
        if let Some((_, _, card)) = self.take(id) {
            let column = &mut self.columns[back];
            column.total += 1;
            let at = p.index.min(column.cards.len());
            column.cards.insert(at, card);
        }
    }

    /// The card stands in `to` at `version` (a refused stale move, or someone else's move):
    /// it goes there, or leaves the board when `to` is `None` or not one of its columns.
    /// `from` is where the server says it was, for the counts when the card is not loaded.
    /// Returns whether anything changed (a change older than the card's version is ignored).
    pub fn apply(&mut self, from: Option<&K>, to: Option<&K>, card: C) -> bool {
        let id = card.id();
        let target = to.and_then(|t| self.column_index(t));
        if let Some((ci, i)) = self.locate(id) {
            if self.columns[ci].cards[i].version() >= card.version() {
                return false;
            }
            self.pending.retain(|p| p.id != id);
            if target == Some(ci) {
                // Already there (e.g. our own move, heard before its answer): updated in place.
                self.columns[ci].cards[i] = card;
            } else {
                self.take(id);
                if let Some(t) = target {
                    self.put_shown(t, card);
                }
            }
            return true;
        }
        if let Some(ci) = from.and_then(|f| self.column_index(f)) {
            let column = &mut self.columns[ci];
            column.total = (column.total - 1).max(0);
        }
        if let Some(ci) = target {
            self.put(ci, card);
        }
        true
    }

    /// Where the server says a card stands after a refused stale move: the loaded card moves
    /// to `to` at `version` (or leaves the board).
    pub fn settle(&mut self, id: i64, to: Option<&K>, version: i64) {
        self.pending.retain(|p| p.id != id);
        let Some((_, _, mut card)) = self.take(id) else { return };
        card.set_version(version);
        if let Some(ci) = to.and_then(|t| self.column_index(t)) {
            self.put_shown(ci, card);
        }
    }

    /// Changes a loaded card in place (what it shows, not where it stands); `false` when it is
    /// not loaded.
    pub fn edit(&mut self, id: i64, change: impl FnOnce(&mut C)) -> bool {
        let Some((ci, i)) = self.locate(id) else { return false };
        change(&mut self.columns[ci].cards[i]);
        true
    }

    /// More cards of column `key`, as loaded by its "more" button; cards already shown are
    /// skipped.
    pub fn append(&mut self, key: &K, cards: Vec<C>) {
        let shown: Vec<i64> = self.columns.iter().flat_map(|c| c.cards.iter().map(BoardCard::id)).collect();
        if let Some(ci) = self.column_index(key) {
            self.columns[ci].cards.extend(cards.into_iter().filter(|c| !shown.contains(&c.id())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Card {
        id: i64,
        version: i64,
        order: i64,
    }

    impl BoardCard for Card {
        type Order = i64;
        fn id(&self) -> i64 {
            self.id
        }
        fn version(&self) -> i64 {
            self.version
        }
        fn set_version(&mut self, version: i64) {
            self.version = version;
        }
        fn order(&self) -> i64 {
            self.order
        }
    }

    fn card(id: i64) -> Card {
        Card { id, version: 1, order: id }
    }

    /// Columns "a" (cards 1, 2, 3 of 5), "b" (4 of 1) and "c" (empty).
    fn board() -> Board<&'static str, Card> {
        Board::new(vec![
            Column { key: "a", total: 5, cards: vec![card(1), card(2), card(3)] },
            Column { key: "b", total: 1, cards: vec![card(4)] },
            Column { key: "c", total: 0, cards: vec![] },
        ])
    }

    fn ids(b: &Board<&'static str, Card>, key: &str) -> Vec<i64> {
        b.columns.iter().find(|c| c.key == key).map(|c| c.cards.iter().map(|c| c.id).collect()).unwrap_or_default()
    }

    #[test]
    fn a_move_shows_at_once_and_asks_from_the_cards_version() {
        let mut b = board();
        let req = b.start_move(2, &"c").expect("a move");
        assert_eq!(req, MoveRequest { id: 2, version: 1, from: "a", to: "c" });
        assert_eq!((ids(&b, "a"), ids(&b, "c")), (vec![1, 3], vec![2]));
        assert_eq!((b.total(&"a"), b.total(&"c")), (4, 1));
        assert!(b.is_pending(2));
        assert_eq!(b.start_move(2, &"b"), None, "one move at a time");
    }

    #[test]
    fn no_move_onto_its_own_column_or_an_unknown_one() {
        let mut b = board();
        assert_eq!(b.start_move(1, &"a"), None);
        assert_eq!(b.start_move(1, &"z"), None);
        assert_eq!(b.start_move(99, &"b"), None);
        assert_eq!(b, board());
    }

    #[test]
    fn a_refused_move_goes_back_to_its_place() {
        let mut b = board();
        b.start_move(2, &"b").expect("a move");
        b.revert(2);
        assert_eq!(b, board(), "same place, same counts");
        assert!(!b.is_pending(2));
    }

    #[test]
    fn a_confirmed_move_takes_the_new_version_and_its_own_echo_is_ignored() {
        let mut b = board();
        b.start_move(2, &"b").expect("a move");
        b.confirm(2, 2);
        assert_eq!(b.card(2).map(|c| c.version), Some(2));
        let before = b.clone();
        assert!(!b.apply(Some(&"a"), Some(&"b"), Card { version: 2, ..card(2) }), "the feed's copy of our move");
        assert_eq!(b, before);
    }

    #[test]
    fn the_echo_may_arrive_before_the_answer() {
        let mut b = board();
        b.start_move(2, &"b").expect("a move");
        assert!(b.apply(Some(&"a"), Some(&"b"), Card { version: 2, ..card(2) }));
        b.confirm(2, 2);
        assert_eq!((b.total(&"a"), b.total(&"b")), (4, 2));
        assert_eq!(ids(&b, "b"), vec![2, 4]);
        assert!(!b.is_pending(2));
    }

    #[test]
    fn a_card_in_sight_stays_in_sight_when_it_moves() {
        let mut b = board();
        // "a" shows 3 of 5; card 4 of "b" would sort after them, yet it was in sight.
        assert!(b.apply(Some(&"b"), Some(&"a"), Card { version: 2, ..card(4) }));
        assert_eq!(ids(&b, "a"), vec![1, 2, 3, 4]);
        assert_eq!(b.total(&"a"), 6);
    }

    #[test]
    fn a_stale_move_lands_where_the_server_says() {
        let mut b = board();
        b.start_move(2, &"b").expect("a move");
        // Someone had moved it to "c" first: version 2 there.
        b.settle(2, Some(&"c"), 2);
        assert_eq!((ids(&b, "a"), ids(&b, "b"), ids(&b, "c")), (vec![1, 3], vec![4], vec![2]));
        assert_eq!((b.total(&"a"), b.total(&"b"), b.total(&"c")), (4, 1, 1));
        assert_eq!(b.card(2).map(|c| c.version), Some(2));
        assert!(!b.is_pending(2));
    }

    #[test]
    fn others_moves_of_loaded_cards_move_them() {
        let mut b = board();
        assert!(b.apply(Some(&"a"), Some(&"c"), Card { version: 3, ..card(3) }));
        assert_eq!((ids(&b, "a"), ids(&b, "c")), (vec![1, 2], vec![3]));
        assert_eq!((b.total(&"a"), b.total(&"c")), (4, 1));
        assert!(!b.apply(Some(&"a"), Some(&"c"), Card { version: 2, ..card(3) }), "older news");
    }

    #[test]
    fn moves_of_cards_not_loaded_keep_the_counts_exact() {
        let mut b = board();
        // Card 9 sits beyond the loaded part of "a" and goes to "b".
        assert!(b.apply(Some(&"a"), Some(&"b"), Card { version: 2, ..card(9) }));
        assert_eq!((b.total(&"a"), b.total(&"b")), (4, 2));
        assert_eq!(ids(&b, "b"), vec![4, 9], "'b' was fully loaded: the card shows, in order");
        // Card 0 arrives in "a" before its loaded cards: it shows first.
        assert!(b.apply(Some(&"c"), Some(&"a"), Card { version: 2, ..card(0) }));
        assert_eq!(ids(&b, "a"), vec![0, 1, 2, 3]);
        assert_eq!((b.total(&"a"), b.total(&"c")), (5, 0), "never below zero");
        // Card 8 arrives in "a" after its loaded part: counted, reached through "more".
        assert!(b.apply(None, Some(&"a"), Card { version: 2, ..card(8) }));
        assert_eq!((ids(&b, "a"), b.total(&"a")), (vec![0, 1, 2, 3], 6));
    }

    #[test]
    fn cards_leave_the_board() {
        let mut b = board();
        assert!(b.apply(Some(&"b"), None, Card { version: 2, ..card(4) }));
        assert_eq!((ids(&b, "b"), b.total(&"b")), (vec![], 0));
        assert!(b.apply(Some(&"a"), Some(&"elsewhere"), Card { version: 2, ..card(7) }));
        assert_eq!(b.total(&"a"), 4);
    }

    #[test]
    fn more_cards_are_appended_once() {
        let mut b = board();
        b.append(&"a", vec![card(3), card(5), card(4)]);
        assert_eq!(ids(&b, "a"), vec![1, 2, 3, 5]);
        assert!(!b.columns[0].complete());
    }

    #[test]
    fn a_loaded_card_is_edited_in_place() {
        let mut b = board();
        assert!(b.edit(2, |c| c.order = 99));
        assert_eq!(b.card(2).map(|c| c.order), Some(99));
        assert_eq!(ids(&b, "a"), vec![1, 2, 3], "where it stands is unchanged");
        assert!(!b.edit(42, |c| c.order = 1));
    }

    #[test]
    fn the_keyboard_steps_between_columns() {
        let b = board();
        assert_eq!(b.neighbour(&"a", 1), Some("b"));
        assert_eq!(b.neighbour(&"c", -2), Some("a"));
        assert_eq!(b.neighbour(&"c", 1), None);
        assert_eq!(b.neighbour(&"z", 1), None);
    }
}
