with

source as (
    select * from {{ source('raw', 'kontakter') }}
),

renamed as (
    select
        kontakt_id as contact_id,
        dato as contact_date,
        forloeb_id as episode_id,
        borger_id as citizen_id,
        kontaktform as contact_form,
        sted as place,
        varighed_min as duration_minutes,
        status,
        uden_for_aabningstid as is_out_of_hours,
        medarbejder as worker_initials,
        _source as source_file,
        _line as source_line
    from source
)

select * from renamed
