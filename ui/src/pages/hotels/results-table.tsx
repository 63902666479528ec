import { DataTable, type TableColumn } from '../../components/data-table.tsx'
import { Count, Excerpt, HotelName, Rank, Rating, Stars } from './hotel-cells.tsx'
import type { HotelData } from './types.ts'

interface ResultsTableProps {
  hotels: HotelData[]
  selected: ReadonlySet<number>
  onToggle: (hotel: HotelData) => void
  empty: string
}

/** The hotels a search has scraped so far, each with a box to select it for saving. */
export function ResultsTable({ hotels, selected, onToggle, empty }: ResultsTableProps) {
  const columns: TableColumn<HotelData>[] = [
    {
      key: 'select',
      label: '',
      render: (h) => <input type="checkbox" checked={selected.has(h.id)} onChange={() => onToggle(h)} aria-label={`Select ${h.name}`} />,
    },
    { key: 'name', label: 'hotel', render: (h) => <HotelName name={h.name} url={h.url} /> },
    { key: 'rating', label: 'rating', numeric: true, render: (h) => <Rating rating={h.rating} /> },
    { key: 'reviews', label: 'reviews', numeric: true, render: (h) => <Count value={h.reviews} /> },
    { key: 'rank', label: 'rank', numeric: true, render: (h) => <Rank rank={h.rank} total={h.rank_total} /> },
    { key: 'stars', label: 'class', numeric: true, render: (h) => <Stars stars={h.stars} /> },
    { key: 'description', label: 'description', render: (h) => <Excerpt text={h.description} /> },
  ]
  return <DataTable columns={columns} rows={hotels} rowKey={(h) => String(h.id)} empty={empty} caption="Search results" />
}
